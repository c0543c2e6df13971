package dev.prism.metrics;

import java.util.Arrays;

/**
 * A confusion matrix and the classification figures derived from it: overall accuracy (OA),
 * average per-class accuracy (AA), Cohen's kappa, and per-class precision, recall (= per-class
 * accuracy), F1. Rows are true classes, columns predicted classes. Plain Java, no engine.
 */
public final class ConfusionMatrix {

    private final long[][] counts;

    /** An empty matrix of {@code classes} x {@code classes}. */
    public ConfusionMatrix(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, got " + classes);
        }
        this.counts = new long[classes][classes];
    }

    /** The matrix of {@code classes} classes counting each (truth, predicted) pair. */
    public static ConfusionMatrix of(int classes, int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " labels, predictions " + predicted.length);
        }
        ConfusionMatrix m = new ConfusionMatrix(classes);
        for (int i = 0; i < truth.length; i++) {
            m.add(truth[i], predicted[i]);
        }
        return m;
    }

    /** The matrix holding {@code counts} (square, non-negative), copied; for pooling matrices of several runs. */
    public static ConfusionMatrix fromCounts(long[][] counts) {
        ConfusionMatrix m = new ConfusionMatrix(counts.length);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != counts.length || Arrays.stream(counts[i]).anyMatch(v -> v < 0)) {
                throw new IllegalArgumentException("a confusion matrix needs " + counts.length + " non-negative counts per row, row " + i
                        + " has " + Arrays.toString(counts[i]));
            }
            m.counts[i] = counts[i].clone();
        }
        return m;
    }

    /** Counts one more sample of class {@code truth} predicted as {@code predicted}. */
    public void add(int truth, int predicted) {
        int c = counts.length;
        if (truth < 0 || truth >= c || predicted < 0 || predicted >= c) {
            throw new IllegalArgumentException("label out of range [0, " + c + "): truth " + truth + ", predicted " + predicted);
        }
        counts[truth][predicted]++;
    }

    /** Number of classes. */
    public int classes() {
        return counts.length;
    }

    /** Samples of class {@code truth} predicted as {@code predicted}. */
    public long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    /** A copy of the counts, [truth][predicted]. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** Samples counted. */
    public long total() {
        return Arrays.stream(counts).flatMapToLong(Arrays::stream).sum();
    }

    private long rowSum(int i) {
        return Arrays.stream(counts[i]).sum();
    }

    private long colSum(int j) {
        long s = 0;
        for (long[] row : counts) {
            s += row[j];
        }
        return s;
    }

    /** Overall accuracy: trace / total. */
    public double overallAccuracy() {
        long t = total();
        long diag = 0;
        for (int i = 0; i < counts.length; i++) {
            diag += counts[i][i];
        }
        return t == 0 ? Double.NaN : (double) diag / t;
    }

    /** Recall of class i (its per-class accuracy); NaN if the class has no samples. */
    public double recall(int i) {
        long r = rowSum(i);
        return r == 0 ? Double.NaN : (double) counts[i][i] / r;
    }

    /** Precision of class i; NaN if nothing was predicted as i. */
    public double precision(int i) {
        long c = colSum(i);
        return c == 0 ? Double.NaN : (double) counts[i][i] / c;
    }

    /** F1 of class i; 0 when precision and recall are both 0, NaN if either is undefined. */
    public double f1(int i) {
        double p = precision(i);
        double r = recall(i);
        if (Double.isNaN(p) || Double.isNaN(r)) {
            return Double.isNaN(r) ? Double.NaN : 0.0;
        }
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    /** Average accuracy: mean recall over the classes that have samples. */
    public double averageAccuracy() {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < counts.length; i++) {
            double r = recall(i);
            if (!Double.isNaN(r)) {
                sum += r;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Cohen's kappa: (po - pe) / (1 - pe), pe from the row and column marginals. */
    public double kappa() {
        double t = total();
        if (t == 0) {
            return Double.NaN;
        }
        double po = overallAccuracy();
        double pe = 0;
        for (int i = 0; i < counts.length; i++) {
            pe += (rowSum(i) / t) * (colSum(i) / t);
        }
        return pe == 1 ? (po == 1 ? 1 : 0) : (po - pe) / (1 - pe);
    }

    /** Number of distinct classes that were predicted at least once. */
    public int distinctPredicted() {
        int n = 0;
        for (int j = 0; j < counts.length; j++) {
            n += colSum(j) > 0 ? 1 : 0;
        }
        return n;
    }
}
