package dev.prism.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    /**
     * Hand-computed example. truth/pred pairs give the matrix (rows true, cols predicted):
     * <pre>
     *        p0 p1 p2
     *   t0 [  5  1  0 ]   6
     *   t1 [  2  3  1 ]   6
     *   t2 [  0  0  4 ]   4
     *          7  4  5    16
     * </pre>
     * OA = 12/16 = 0.75; recalls 5/6, 3/6, 4/4 so AA = (0.8333 + 0.5 + 1) / 3 = 0.77778;
     * pe = (6*7 + 6*4 + 4*5) / 256 = 86/256 = 0.3359375; kappa = (0.75 - 0.3359375) / (1 - 0.3359375) = 0.62353.
     * precision of class 1 = 3/4, F1 = 2 * 0.75 * 0.5 / 1.25 = 0.6.
     */
    private static ConfusionMatrix example() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        int[][] cells = {{5, 1, 0}, {2, 3, 1}, {0, 0, 4}};
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                for (int k = 0; k < cells[t][p]; k++) {
                    m.add(t, p);
                }
            }
        }
        return m;
    }

    @Test
    void handComputedFigures() {
        ConfusionMatrix m = example();
        assertThat(m.total()).isEqualTo(16);
        assertThat(m.overallAccuracy()).isEqualTo(0.75);
        assertThat(m.averageAccuracy()).isCloseTo((5.0 / 6 + 0.5 + 1) / 3, within(1e-12));
        assertThat(m.kappa()).isCloseTo((0.75 - 86.0 / 256) / (1 - 86.0 / 256), within(1e-12));
        assertThat(m.precision(1)).isEqualTo(0.75);
        assertThat(m.recall(1)).isEqualTo(0.5);
        assertThat(m.f1(1)).isCloseTo(0.6, within(1e-12));
        assertThat(m.distinctPredicted()).isEqualTo(3);
    }

    @Test
    void reportInPercentWithOriginalLabels() {
        ClassificationReport r = ClassificationReport.of(example(), new int[] {1, 10, 11}, List.of("a", "b", "c"));
        assertThat(r.oa()).isCloseTo(75.0, within(1e-9));
        assertThat(r.perClass().get(1).label()).isEqualTo(10);
        assertThat(r.perClass().get(1).support()).isEqualTo(6);
        assertThat(r.confusion()[1]).containsExactly(2, 3, 1);
    }

    @Test
    void constantPredictionsHaveZeroKappaAndOneDistinctClass() {
        ConfusionMatrix m = ConfusionMatrix.of(3, new int[] {0, 1, 2, 1}, new int[] {1, 1, 1, 1});
        assertThat(m.kappa()).isEqualTo(0.0);
        assertThat(m.distinctPredicted()).isEqualTo(1);
        assertThat(m.precision(0)).isNaN();
    }

    @Test
    void labelsOutOfRangeAreRejected() {
        assertThatThrownBy(() -> ConfusionMatrix.of(2, new int[] {0, 2}, new int[] {0, 1}))
                .hasMessageContaining("out of range").hasMessageContaining("truth 2");
    }

    @Test
    void meanAndSampleStd() {
        assertThat(Stats.mean(new double[] {1, 2, 3, 4})).isEqualTo(2.5);
        assertThat(Stats.std(new double[] {1, 2, 3, 4})).isCloseTo(Math.sqrt(5.0 / 3), within(1e-12));
        assertThat(Stats.meanStd(new double[] {99.5, 99.7})).isEqualTo("99.60 ± 0.14");
    }
}
