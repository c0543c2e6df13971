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

    @Test
    void noIntervalFromOneRunAndAZeroIntervalFromIdenticalRuns() {
        assertThat(VarianceEstimate.of(new double[] {99.6}).ciLow()).isNull();
        VarianceEstimate same = VarianceEstimate.of(new double[] {99.62, 99.62, 99.62});
        assertThat(same.variance()).isZero();
        assertThat(same.ciHigh()).isZero();
    }
}
