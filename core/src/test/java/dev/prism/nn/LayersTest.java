package dev.prism.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class LayersTest {

    @Test
    void makeDivisibleMatchesTorchvision() {
        assertThat(Layers.makeDivisible(32 * 0.5, 8)).isEqualTo(16);
        assertThat(Layers.makeDivisible(24 * 0.75, 8)).isEqualTo(24); // 18 -> 16 would lose > 10%
        assertThat(Layers.makeDivisible(3, 8)).isEqualTo(8);
        assertThat(Layers.makeDivisible(1280 * 1.4, 8)).isEqualTo(1792);
        assertThat(Layers.makeDivisible(20, 8)).isEqualTo(24);
    }

    @Test
    void globalAvgPoolIsTheSpatialMeanWithAUniformGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = MemoryFormat.CHANNELS_LAST.apply(m.randomNormal(new Shape(2, 3, 5, 7)));
            x.setRequiresGradient(true);
            NDArray pooled;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                pooled = Layers.globalAvgPool(x);
                // weight each (n, c) differently, so a wrong broadcast of the gradient shows
                gc.backward(pooled.mul(m.arange(6f).reshape(2, 3)).sum());
            }
            assertThat(pooled.getShape()).isEqualTo(new Shape(2, 3));
            float[] values = x.toFloatArray(); // logical (N, C, H, W) order whatever the layout
            float[] means = pooled.toFloatArray();
            for (int nc = 0; nc < 6; nc++) {
                double sum = 0;
                for (int k = 0; k < 35; k++) {
                    sum += values[nc * 35 + k];
                }
                assertThat((double) means[nc]).as("mean %d", nc).isCloseTo(sum / 35, org.assertj.core.data.Offset.offset(1e-6));
            }
            float[] grad = x.getGradient().toFloatArray();
            for (int i = 0; i < grad.length; i++) {
                assertThat(grad[i]).as("gradient %d", i).isEqualTo((i / 35) / 35f);
            }
        }
    }
}
