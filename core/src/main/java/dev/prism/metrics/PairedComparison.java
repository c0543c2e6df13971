package dev.prism.metrics;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * An arm against its baseline when both ran with the same seeds (run i of each shares the split
 * and the initialisation seed): the mean of the per-seed differences (arm - baseline), its 95%
 * confidence interval from Student's t with n - 1 degrees of freedom, the two-sided paired t-test's
 * p-value, the two-sided Wilcoxon signed-rank p-value as SciPy computes it ({@link SignedRank}:
 * zero differences discarded, exact over sign assignments; it cannot go below 2 / 2^n), the
 * minimal difference the paired t-test would detect with 80% power at the 5% level given the
 * observed spread of the differences, and both p-values adjusted by Holm over the study's family
 * of comparisons ({@link #withHolm}; null until adjusted). Undefined values (fewer than 2 runs) are null.
 *
 * @param metric OA, AA or Kappa
 * @param n paired runs
 * @param meanDifference mean of arm - baseline over the runs
 * @param ciLow lower end of the 95% confidence interval of the mean difference
 * @param ciHigh upper end
 * @param pairedTP two-sided p-value of the paired t-test
 * @param wilcoxonP two-sided p-value of the Wilcoxon signed-rank test
 * @param detectable80 the smallest true mean difference detected with 80% power (two-sided, 5%): (t_0.975 + t_0.8) s_d / sqrt(n)
 * @param pairedTHolmP {@code pairedTP} after Holm's adjustment over the study's comparisons
 * @param wilcoxonHolmP {@code wilcoxonP} after Holm's adjustment over the study's comparisons
 */
public record PairedComparison(String metric, int n, double meanDifference, Double ciLow, Double ciHigh, Double pairedTP,
        Double wilcoxonP, Double detectable80, Double pairedTHolmP, Double wilcoxonHolmP) {

    /** Compares {@code arm} with {@code baseline}, element i of each being run i. */
    public static PairedComparison of(String metric, double[] arm, double[] baseline) {
        if (arm.length != baseline.length || arm.length == 0) {
            throw new IllegalArgumentException("paired comparison of " + metric + ": " + arm.length + " runs against "
                    + baseline.length + "; both arms need the same seeds");
        }
        int n = arm.length;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = arm[i] - baseline[i];
        }
        double mean = Stats.mean(d);
        if (n < 2) {
            return new PairedComparison(metric, n, mean, null, null, null, null, null, null, null);
        }
        double se = Stats.std(d) / Math.sqrt(n);
        TDistribution t = new TDistribution(n - 1);
        double q975 = t.inverseCumulativeProbability(0.975);
        double half = q975 * se;
        Double tp;
        if (se == 0) {
            tp = mean == 0 ? 1.0 : 0.0; // every run moved by the same amount
        } else {
            tp = 2 * t.cumulativeProbability(-Math.abs(mean / se));
        }
        double detectable = (q975 + t.inverseCumulativeProbability(0.8)) * se;
        return new PairedComparison(metric, n, mean, mean - half, mean + half, tp, SignedRank.twoSidedP(d), detectable, null, null);
    }

    /** This comparison with its Holm-adjusted p-values. */
    public PairedComparison withHolm(Double tAdjusted, Double wilcoxonAdjusted) {
        return new PairedComparison(metric, n, meanDifference, ciLow, ciHigh, pairedTP, wilcoxonP, detectable80, tAdjusted,
                wilcoxonAdjusted);
    }

    /** For example {@code +0.82 [-0.10, +1.74], t p=0.071 (Holm 0.426), Wilcoxon p=0.125 (Holm 0.750), detectable 1.20}. */
    public String describe() {
        String ci = ciLow == null ? "" : String.format(java.util.Locale.ROOT, " [%+.2f, %+.2f]", ciLow, ciHigh);
        String p = pairedTP == null ? "" : String.format(java.util.Locale.ROOT, ", t p=%.3f%s, Wilcoxon p=%.3f%s, detectable %.2f",
                pairedTP, holm(pairedTHolmP), wilcoxonP, holm(wilcoxonHolmP), detectable80);
        return String.format(java.util.Locale.ROOT, "%+.2f", meanDifference) + ci + p;
    }

    private static String holm(Double adjusted) {
        return adjusted == null ? "" : String.format(java.util.Locale.ROOT, " (Holm %.3f)", adjusted);
    }
}
