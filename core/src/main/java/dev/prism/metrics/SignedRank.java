package dev.prism.metrics;

import java.util.Arrays;

/**
 * The two-sided Wilcoxon signed-rank test as SciPy's {@code scipy.stats.wilcoxon} computes it by
 * default since 1.15 (zero_method "wilcox", method "auto"): zero differences are discarded, the
 * others ranked by absolute value (ties get their average rank), and the p-value is exact over all
 * 2^n sign assignments: twice the smaller tail, at most 1. (SciPy computes the same exact value
 * for small samples and for up to 50 differences without ties; for larger samples with ties it
 * switches to a normal approximation, which this class does not.) With n non-zero differences the
 * smallest possible p is 2 / 2^n: 0.0625 for 5, 0.125 for 4.
 */
public final class SignedRank {

    private SignedRank() {}

    /** The two-sided p-value for the differences {@code d}; 1 when every difference is zero. */
    public static double twoSidedP(double[] d) {
        double[] nz = Arrays.stream(d).filter(v -> v != 0).toArray();
        int n = nz.length;
        if (n == 0) {
            return 1.0;
        }
        double[] ranks = averageRanks(nz);
        double rPlus = 0;
        for (int i = 0; i < n; i++) {
            rPlus += nz[i] > 0 ? ranks[i] : 0;
        }
        return exact(ranks, rPlus);
    }

    /** Ranks of |v| (1-based), ties averaged. */
    static double[] averageRanks(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(v[a]), Math.abs(v[b])));
        double[] ranks = new double[n];
        for (int i = 0; i < n;) {
            int j = i;
            while (j + 1 < n && Math.abs(v[order[j + 1]]) == Math.abs(v[order[i]])) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = avg;
            }
            i = j + 1;
        }
        return ranks;
    }

    /**
     * Twice the smaller tail of R+ over every sign assignment (each equally likely under the null),
     * counted exactly: average ranks are multiples of one half, so doubled they are integers and
     * the number of assignments giving each rank sum follows from a subset-sum count.
     */
    private static double exact(double[] ranks, double rPlus) {
        int n = ranks.length;
        int[] doubled = new int[n];
        int max = 0;
        for (int i = 0; i < n; i++) {
            doubled[i] = (int) Math.round(2 * ranks[i]);
            max += doubled[i];
        }
        double[] ways = new double[max + 1];
        ways[0] = 1;
        int reach = 0;
        for (int r : doubled) {
            for (int s = reach; s >= 0; s--) {
                ways[s + r] += ways[s];
            }
            reach += r;
        }
        int observed = (int) Math.round(2 * rPlus);
        double atMost = 0;
        double atLeast = 0;
        for (int s = 0; s <= max; s++) {
            atMost += s <= observed ? ways[s] : 0;
            atLeast += s >= observed ? ways[s] : 0;
        }
        return Math.min(1.0, 2.0 * Math.min(atMost, atLeast) / Math.pow(2, n));
    }
}
