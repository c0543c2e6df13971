package dev.prism.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The plain-Java references the probes trust, against values worked out by hand. */
class ReferenceTest {

    @Test
    void convolutionWithPaddingStrideAndGroupsMatchesHandValues() {
        // one sample, 2 channels of 2x2, 2 groups, a 2x2 kernel per group, padding 0
        Reference.Conv c = new Reference.Conv(1, 2, 2, 1, 2, 2, 1, 2, 2, 1, 0, 0, 2);
        float[] x = {1, 2, 3, 4, 10, 20, 30, 40};
        float[] w = {1, 0, 0, 1, 0, 1, 1, 0};
        double[] y = c.forward(x, w, new float[] {0.5f, -1});
        assertThat(y).containsExactly(1 + 4 + 0.5, 20 + 30 - 1);
        double[] gw = c.gradWeight(x, new float[] {1, 2});
        assertThat(gw).containsExactly(1, 2, 3, 4, 20, 40, 60, 80);
        double[] gx = c.gradInput(new float[] {1, 2}, w);
        assertThat(gx).containsExactly(1, 0, 0, 1, 0, 2, 2, 0);
        assertThat(c.gradBias(new float[] {3, 5})).containsExactly(3, 5);
    }

    @Test
    void strideAndPaddingGiveTorchsOutputSize() {
        Reference.Conv c = new Reference.Conv(2, 3, 16, 1, 14, 14, 1, 3, 3, 2, 1, 0, 1);
        assertThat(c.outHeight()).isEqualTo(7);
        Reference.Conv v = new Reference.Conv(2, 1, 8, 8, 9, 9, 7, 3, 3, 1, 0, 0, 1);
        assertThat(v.outDepth()).isEqualTo(2);
        assertThat(v.outHeight()).isEqualTo(7);
    }

    @Test
    void relativeErrorFlagsNaNAndScale() {
        assertThat(Reference.relativeError(new float[] {1, 2}, new double[] {1, 2})).isZero();
        assertThat(Reference.relativeError(new float[] {1, 2.2f}, new double[] {1, 2})).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(Reference.relativeError(new float[] {Float.NaN, 2}, new double[] {1, 2})).isInfinite();
    }

    @Test
    void bfloat16RoundsToNearestEven() {
        assertThat(Reference.bfloat16(1.0f)).isEqualTo(1.0);
        assertThat(Reference.bfloat16(1.00390625f)).as("halfway, rounds to even").isEqualTo(1.0);
        assertThat(Reference.bfloat16(1.01171875f)).as("halfway, rounds up to even").isEqualTo(1.015625);
    }

    @Test
    void trainingBatchNormGradientsSumToZeroPerChannel() {
        float[] x = {1, 2, 3, 7};
        Reference.BatchNorm bn = Reference.BatchNorm.of(x, new float[] {2}, new float[] {0.5f}, new float[] {1, -1, 2, 0.5f}, 4, 1, 1, 0);
        double mean = 0;
        for (double v : bn.y()) {
            mean += v / 4;
        }
        assertThat(mean).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        double sum = 0;
        for (double g : bn.gradInput()) {
            sum += g;
        }
        assertThat(sum).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(bn.gradBeta()).containsExactly(2.5);
    }
}
