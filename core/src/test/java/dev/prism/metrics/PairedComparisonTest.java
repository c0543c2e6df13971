package dev.prism.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Paired statistics against SciPy 1.10 (scipy.stats.ttest_rel, wilcoxon(mode="exact"), t.ppf). */
class PairedComparisonTest {

    private static final double[] ARM = {99.1, 98.7, 99.4, 98.9, 99.3};
    private static final double[] BASELINE = {98.8, 98.9, 98.6, 98.5, 99.0};

    @Test
    void matchesSciPy() {
        PairedComparison c = PairedComparison.of("OA", ARM, BASELINE);
        assertThat(c.n()).isEqualTo(5);
        assertThat(c.meanDifference()).isCloseTo(0.32, within(1e-9));
        assertThat(c.ciLow()).isCloseTo(-0.12249253612156596, within(1e-9));
        assertThat(c.ciHigh()).isCloseTo(0.7624925361215694, within(1e-9));
        assertThat(c.pairedTP()).isCloseTo(0.11507971437013467, within(1e-9));
        assertThat(c.wilcoxonP()).isCloseTo(0.125, within(1e-12));
        assertThat(c.describe()).isEqualTo("+0.32 [-0.12, +0.76], t p=0.115, Wilcoxon p=0.125");
    }

    @Test
    void swappingTheArmsFlipsTheSignOnly() {
        PairedComparison c = PairedComparison.of("OA", BASELINE, ARM);
        assertThat(c.meanDifference()).isCloseTo(-0.32, within(1e-9));
        assertThat(c.pairedTP()).isCloseTo(0.11507971437013467, within(1e-9));
        assertThat(c.wilcoxonP()).isCloseTo(0.125, within(1e-12));
    }

    @Test
    void degenerateCases() {
        PairedComparison one = PairedComparison.of("OA", new double[] {99}, new double[] {98});
        assertThat(one.meanDifference()).isEqualTo(1);
        assertThat(one.ciLow()).isNull();
        assertThat(one.pairedTP()).isNull();
        assertThat(one.describe()).isEqualTo("+1.00");
        PairedComparison same = PairedComparison.of("OA", ARM, ARM.clone());
        assertThat(same.meanDifference()).isZero();
        assertThat(same.pairedTP()).isEqualTo(1.0);
        assertThat(same.wilcoxonP()).isEqualTo(1.0);
        assertThatThrownBy(() -> PairedComparison.of("AA", ARM, new double[] {1, 2}))
                .hasMessageContaining("paired comparison of AA: 5 runs against 2");
    }
}
