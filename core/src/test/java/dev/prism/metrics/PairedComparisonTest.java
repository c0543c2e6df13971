package dev.prism.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Paired statistics against values computed independently: SciPy 1.10 (scipy.stats.ttest_rel,
 * t.ppf, and wilcoxon(method="exact") where no difference is zero or tied), and, for zeros and
 * ties, a brute-force enumeration of all 2^n sign assignments of the average ranks with zeros
 * discarded (SciPy's default since 1.15), written separately in Python.
 */
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
        assertThat(c.detectable80()).isCloseTo(0.5924576124651286, within(1e-9));
        assertThat(c.describe()).isEqualTo("+0.32 [-0.12, +0.76], t p=0.115, Wilcoxon p=0.125, detectable 0.59");
        assertThat(c.withHolm(0.345, 0.5).describe()).endsWith("t p=0.115 (Holm 0.345), Wilcoxon p=0.125 (Holm 0.500), detectable 0.59");
    }

    @Test
    void swappingTheArmsFlipsTheSignOnly() {
        PairedComparison c = PairedComparison.of("OA", BASELINE, ARM);
        assertThat(c.meanDifference()).isCloseTo(-0.32, within(1e-9));
        assertThat(c.pairedTP()).isCloseTo(0.11507971437013467, within(1e-9));
        assertThat(c.wilcoxonP()).isCloseTo(0.125, within(1e-12));
    }

    /** Zero differences are discarded and ties ranked by their average, as SciPy does; p-values from the independent enumeration. */
    @Test
    void signedRankWithZerosAndTies() {
        assertThat(SignedRank.twoSidedP(new double[] {0.5, 0.3, 0.2, 0, 0.1})).as("one exact tie: 4 differences left").isEqualTo(0.125);
        assertThat(SignedRank.twoSidedP(new double[] {1, 1, 2, -1, 0.5, 0})).isCloseTo(0.3125, within(1e-12));
        assertThat(SignedRank.twoSidedP(new double[] {0.5, 0.3, 0.2, 0.4, 0.1})).isCloseTo(0.0625, within(1e-12));
        assertThat(SignedRank.twoSidedP(new double[] {1.2, -0.3, 0.8, 0.5, -0.1})).isCloseTo(0.3125, within(1e-12));
        assertThat(SignedRank.twoSidedP(new double[] {2, -1, 3, 0, 0, -4, 5, 1.5, -2.5, 0.7, 3, 3})).isCloseTo(0.271484375, within(1e-12));
        assertThat(SignedRank.twoSidedP(new double[] {0, 0})).isEqualTo(1.0);
        // the case the study page had wrong: CBAM vs HybridSN with seed 4 an exact tie
        PairedComparison tie = PairedComparison.of("OA", new double[] {99.5, 99.3, 99.2, 99.0, 99.1}, new double[] {99.0, 99.0, 99.0, 99.0, 99.0});
        assertThat(tie.wilcoxonP()).isEqualTo(0.125);
    }

    /** Holm's step-down adjustment, against the values worked by hand (p sorted: 0.005 x 4, 0.01 x 3, 0.03 x 2, 0.04 x 1, made monotone). */
    @Test
    void holmAdjustsTheFamily() {
        Double[] adjusted = Holm.adjust(new Double[] {0.01, 0.04, 0.03, 0.005, null});
        assertThat(adjusted[0]).isCloseTo(0.03, within(1e-12));
        assertThat(adjusted[1]).isCloseTo(0.06, within(1e-12));
        assertThat(adjusted[2]).isCloseTo(0.06, within(1e-12));
        assertThat(adjusted[3]).isCloseTo(0.02, within(1e-12));
        assertThat(adjusted[4]).isNull();
        assertThat(Holm.adjust(new Double[] {0.5, 0.9})).containsExactly(1.0, 1.0);
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
