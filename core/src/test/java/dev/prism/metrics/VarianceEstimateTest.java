package dev.prism.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VarianceEstimateTest {

    /** 1..5: s² = 2.5; chi-squared with 4 degrees of freedom has 2.5% and 97.5% quantiles 0.4844 and 11.1433 (tables). */
    @Test
    void intervalFromTheChiSquaredQuantiles() {
        VarianceEstimate v = VarianceEstimate.of(new double[] {1, 2, 3, 4, 5});
        assertThat(v.n()).isEqualTo(5);
        assertThat(v.variance()).isCloseTo(2.5, within(1e-12));
        assertThat(v.ciLow()).isCloseTo(10 / 11.1433, within(1e-3));
        assertThat(v.ciHigh()).isCloseTo(10 / 0.4844, within(1e-2));
    }

    /** Ratio 10 with 4 and 4 degrees of freedom: upper tail 0.02329 (scipy.stats.f.sf(10, 4, 4)), two-sided 0.04658; the test is symmetric. */
    @Test
    void fTestOfTwoVariances() {
        VarianceEstimate wide = VarianceEstimate.of(new double[] {1, 2, 3, 4, 5});
        VarianceEstimate tenth = new VarianceEstimate(5, 0.25, null, null);
        assertThat(wide.fTestP(tenth)).isCloseTo(0.04658, within(1e-4));
        assertThat(tenth.fTestP(wide)).isCloseTo(wide.fTestP(tenth), within(1e-12));
        assertThat(wide.fTestP(wide)).isCloseTo(1.0, within(1e-12));
        assertThat(wide.fTestP(VarianceEstimate.of(new double[] {7, 7, 7}))).as("a variance of 0").isNull();
    }

    @Test
    void noIntervalFromOneRunAndAZeroIntervalFromIdenticalRuns() {
        assertThat(VarianceEstimate.of(new double[] {99.6}).ciLow()).isNull();
        VarianceEstimate same = VarianceEstimate.of(new double[] {99.62, 99.62, 99.62});
        assertThat(same.variance()).isZero();
        assertThat(same.ciHigh()).isZero();
    }
}
