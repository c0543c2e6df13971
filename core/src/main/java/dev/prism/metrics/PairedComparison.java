package dev.prism.metrics;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;

/**
 * An arm against its baseline when both ran with the same seeds (run i of each shares the split
 * and the initialisation seed): the mean of the per-seed differences (arm - baseline), its 95%
 * confidence interval from Student's t with n - 1 degrees of freedom, the two-sided paired t-test's
 * p-value, and the two-sided exact Wilcoxon signed-rank p-value (which needs no normality but
 * cannot go below 2 / 2^n: 0.0625 with 5 seeds). Undefined values (fewer than 2 runs) are null.
 *
 * @param metric OA, AA or Kappa
 * @param n paired runs
 * @param meanDifference mean of arm - baseline over the runs
 * @param ciLow lower end of the 95% confidence interval of the mean difference
 * @param ciHigh upper end
 * @param pairedTP two-sided p-value of the paired t-test
 * @param wilcoxonP two-sided exact p-value of the Wilcoxon signed-rank test
 */
public record PairedComparison(String metric, int n, double meanDifference, Double ciLow, Double ciHigh, Double pairedTP,
        Double wilcoxonP) {

    /** Compares {@code arm} with {@code baseline}, element i of each being run i. */
    public static PairedComparison of(String metric, double[] arm, double[] baseline) {
        if (arm.length != baseline.length || arm.length == 0) {
            throw new IllegalArgumentException("paired comparison of " + metric + ": " + arm.length + " runs against "
                    + baseline.length + "; both arms need the same seeds");
        }
        int n = arm.length;
        double[] d = new double[n];
        boolean allZero = true;
        for (int i = 0; i < n; i++) {
            d[i] = arm[i] - baseline[i];
            allZero &= d[i] == 0;
        }
        double mean = Stats.mean(d);
        if (n < 2) {
            return new PairedComparison(metric, n, mean, null, null, null, null);
        }
        double se = Stats.std(d) / Math.sqrt(n);
        TDistribution t = new TDistribution(n - 1);
        double half = t.inverseCumulativeProbability(0.975) * se;
        Double tp;
        if (se == 0) {
            tp = mean == 0 ? 1.0 : 0.0; // every run moved by the same amount
        } else {
            tp = 2 * t.cumulativeProbability(-Math.abs(mean / se));
        }
        Double wp = allZero ? 1.0 : Math.min(1.0, new WilcoxonSignedRankTest().wilcoxonSignedRankTest(arm, baseline, true));
        return new PairedComparison(metric, n, mean, mean - half, mean + half, tp, wp);
    }

    /** For example {@code +0.82 [-0.10, +1.74], t p=0.071, Wilcoxon p=0.125}. */
    public String describe() {
        String ci = ciLow == null ? "" : String.format(java.util.Locale.ROOT, " [%+.2f, %+.2f]", ciLow, ciHigh);
        String p = pairedTP == null ? "" : String.format(java.util.Locale.ROOT, ", t p=%.3f, Wilcoxon p=%.3f", pairedTP, wilcoxonP);
        return String.format(java.util.Locale.ROOT, "%+.2f", meanDifference) + ci + p;
    }
}
