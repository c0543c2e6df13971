package dev.prism.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The two-way random-effects analysis against numpy/SciPy 1.10 (the ANOVA written out separately, scipy.stats.chi2.ppf, f.sf). */
class VarianceComponentsTest {

    private static final double[][] Y = {
        {99.1, 98.7, 99.4, 98.9}, {98.2, 98.0, 98.9, 98.1}, {99.3, 99.0, 99.6, 99.2}, {98.8, 98.1, 99.0, 98.4}, {97.9, 97.7, 98.5, 98.0}};

    @Test
    void matchesAnIndependentComputation() {
        VarianceComponents v = VarianceComponents.of(Y);
        assertThat(v.mean()).isCloseTo(98.64000000000001, within(1e-9));
        assertThat(v.row().variance()).isCloseTo(0.2588333333333284, within(1e-9));
        assertThat(v.row().ciLow()).isCloseTo(0.09195782298928015, within(1e-7));
        assertThat(v.row().ciHigh()).isCloseTo(2.2320056689980587, within(1e-6));
        assertThat(v.row().fTestP()).isCloseTo(2.351585525108079e-08, within(1e-12));
        assertThat(v.column().variance()).isCloseTo(0.10516666666666936, within(1e-9));
        assertThat(v.column().ciLow()).isCloseTo(0.03303072050940787, within(1e-7));
        assertThat(v.column().ciHigh()).isCloseTo(1.63838209276164, within(1e-6));
        assertThat(v.column().fTestP()).isCloseTo(2.062452870424535e-06, within(1e-10));
        assertThat(v.residual().variance()).isCloseTo(0.014166666666666702, within(1e-12));
        assertThat(v.residual().ciLow()).isCloseTo(0.007284674400947829, within(1e-9));
        assertThat(v.residual().ciHigh()).isCloseTo(0.03860312540679121, within(1e-9));
        assertThat(v.residual().df()).isEqualTo(12);
    }

    @Test
    void aFactorThatDoesNothingGetsZeroAndNoInterval() {
        double[][] onlyColumns = {{1, 2, 3}, {1, 2, 3.1}, {1.1, 2, 3}};
        VarianceComponents v = VarianceComponents.of(onlyColumns);
        assertThat(v.row().variance()).isZero();
        assertThat(v.row().ciLow()).isNull();
        assertThat(v.column().variance()).isGreaterThan(0.9);
        assertThatThrownBy(() -> VarianceComponents.of(new double[][] {{1, 2}})).hasMessageContaining("at least 2 x 2");
    }
}
