package dev.prism.metrics;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.FDistribution;

/**
 * The sample variance of a metric over runs with its 95% confidence interval, assuming the runs
 * are independent draws from a normal distribution: {@code (n - 1) s² / χ²} at the 97.5% and 2.5%
 * quantiles of the chi-squared distribution with n - 1 degrees of freedom. With 5 runs the interval
 * spans 0.36 to 8.3 times the estimate: variances of a few runs are only rough, which is why
 * {@code study.md} prints the interval beside every share. Null ends where n < 2.
 *
 * @param n runs
 * @param variance sample variance (n - 1 in the denominator)
 * @param ciLow lower end of its 95% confidence interval
 * @param ciHigh upper end
 */
public record VarianceEstimate(int n, double variance, Double ciLow, Double ciHigh) {

    /** The variance of {@code values} and its interval. */
    public static VarianceEstimate of(double[] values) {
        int n = values.length;
        if (n < 2) {
            return new VarianceEstimate(n, n == 1 ? 0 : Double.NaN, null, null);
        }
        double s = Stats.std(values);
        double v = s * s;
        ChiSquaredDistribution chi = new ChiSquaredDistribution(n - 1);
        double lowQuantile = chi.inverseCumulativeProbability(0.025);
        double highQuantile = chi.inverseCumulativeProbability(0.975);
        return new VarianceEstimate(n, v, (n - 1) * v / highQuantile, (n - 1) * v / lowQuantile);
    }

    /**
     * The two-sided p-value of the F-test that this variance equals {@code other}'s (independent
     * normal samples): twice the smaller tail of {@code variance / other.variance} under F with
     * (n - 1, other.n - 1) degrees of freedom. Null where either has fewer than 2 runs or a
     * variance of 0, where the ratio says nothing a test could add.
     */
    public Double fTestP(VarianceEstimate other) {
        if (n < 2 || other.n < 2 || variance == 0 || other.variance == 0) {
            return null;
        }
        double cdf = new FDistribution(n - 1, other.n - 1).cumulativeProbability(variance / other.variance);
        return Math.min(1.0, 2 * Math.min(cdf, 1 - cdf));
    }
}
