package dev.prism.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The figures a run reports, ready for JSON: OA/AA/kappa (in percent), per-class rows and the
 * confusion matrix. Class labels are the user-facing ones (a scene's original label numbers).
 */
public record ClassificationReport(
        double oa,
        double aa,
        double kappa,
        long samples,
        List<ClassRow> perClass,
        long[][] confusion) {

    /** One class: its original label and name, sample count and figures (percent). */
    public record ClassRow(int label, String name, long support, double precision, double recall, double f1, double accuracy) {}

    /** OA, AA, Kappa and per-class figures of {@code m}, the classes named by {@code names} and numbered by {@code labels}. */
    public static ClassificationReport of(ConfusionMatrix m, int[] labels, List<String> names) {
        List<ClassRow> rows = new ArrayList<>();
        long[][] c = m.counts();
        for (int i = 0; i < m.classes(); i++) {
            long support = 0;
            for (long v : c[i]) {
                support += v;
            }
            rows.add(new ClassRow(labels[i], names.get(i), support,
                    pct(m.precision(i)), pct(m.recall(i)), pct(m.f1(i)), pct(m.recall(i))));
        }
        return new ClassificationReport(pct(m.overallAccuracy()), pct(m.averageAccuracy()), pct(m.kappa()),
                m.total(), rows, c);
    }

    private static double pct(double v) {
        return Double.isNaN(v) ? Double.NaN : 100 * v;
    }
}
