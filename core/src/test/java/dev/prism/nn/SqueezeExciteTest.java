package dev.prism.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqueezeExciteTest {

    @Test
    void squeezeWidthRounding() {
        assertThat(SqueezeExcite.builder().setChannels(64).build().getSqueezeChannels()).isEqualTo(4);
        assertThat(SqueezeExcite.builder().setChannels(72).optReduction(4).optDivisor(8).build().getSqueezeChannels())
                .isEqualTo(24); // make_divisible(18, 8) = 24 (16 would lose more than 10%)
        assertThat(SqueezeExcite.builder().setChannels(16).optReduction(4).optDivisor(8).build().getSqueezeChannels())
                .isEqualTo(8); // make_divisible(4, 8) = 8, never below the divisor
        assertThat(SqueezeExcite.builder().setChannels(576).build().getSqueezeChannels()).isEqualTo(36);
    }

    /**
     * CBAM's channel gate: linear-shaped weights, and with them zero both descriptors (mean and max)
     * pass the shared bottleneck and are summed, so the gate sees fc2's bias twice; with fc2 reading
     * one squeeze channel that is the ReLU of the descriptor, mean and max both count.
     */
    @Test
    void averageAndMaxPoolingSumsBothDescriptorsThroughTheSharedBottleneck() {
        try (NDManager m = NDManager.newBaseManager()) {
            SqueezeExcite se = SqueezeExcite.builder().setChannels(2).optReduction(2)
                    .optPooling(SqueezeExcite.Pooling.AVG_AND_MAX).optConvolutionShapedWeights(false).build();
            se.initialize(m, DataType.FLOAT32, new Shape(1, 2, 2, 2));
            Map<String, Parameter> p = TorchNames.of(se);
            assertThat(p.get("fc1.weight").getArray().getShape()).isEqualTo(new Shape(1, 2));
            assertThat(p.get("fc2.weight").getArray().getShape()).isEqualTo(new Shape(2, 1));
            p.get("fc1.weight").getArray().set(new float[] {1, 0}); // the squeeze channel = channel 0's descriptor
            p.get("fc1.bias").getArray().set(new float[] {0});
            p.get("fc2.weight").getArray().set(new float[] {1, -1});
            p.get("fc2.bias").getArray().set(new float[] {0.25f, 0.5f});
            float[] xs = {1, 2, 3, 6, 1, 1, 1, 1}; // channel 0: mean 3, max 6
            NDArray x = m.create(xs, new Shape(1, 2, 2, 2));
            float[] y = se.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
            double gate0 = Activation.SIGMOID.applyScalar((3 + 0.25) + (6 + 0.25));
            double gate1 = Activation.SIGMOID.applyScalar((-3 + 0.5) + (-6 + 0.5));
            for (int i = 0; i < 8; i++) {
                assertThat((double) y[i]).as("element %d", i).isCloseTo(xs[i] * (i < 4 ? gate0 : gate1), within(1e-6));
            }
        }
    }

    @Test
    void seWeightsKeepTheConvolutionShapesOfTheReferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            SqueezeExcite se = SqueezeExcite.builder().setChannels(64).build();
            se.initialize(m, DataType.FLOAT32, new Shape(2, 64, 3, 3));
            assertThat(TorchNames.of(se).get("fc1.weight").getArray().getShape()).isEqualTo(new Shape(4, 64, 1, 1));
            assertThat(TorchNames.of(se).get("fc2.weight").getArray().getShape()).isEqualTo(new Shape(64, 4, 1, 1));
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> SqueezeExcite.builder().build()).hasMessageContaining("setChannels");
        assertThatThrownBy(() -> SqueezeExcite.builder().setChannels(8).optReduction(16).build())
                .hasMessageContaining("no squeeze channel");
    }

    /** With fc1/fc2 weights zero, the gate sees only fc2's bias: out = x * gate(bias) per channel. */
    @Test
    void rescalesEachChannelByItsGate() {
        for (Activation gate : new Activation[] {Activation.SIGMOID, Activation.HARD_SIGMOID}) {
            try (NDManager m = NDManager.newBaseManager()) {
                SqueezeExcite se = SqueezeExcite.builder().setChannels(4).optReduction(2).optGate(gate).build();
                se.initialize(m, DataType.FLOAT32, new Shape(2, 4, 3, 3));
                Map<String, Parameter> p = TorchNames.of(se);
                assertThat(p.keySet()).containsExactly("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
                p.get("fc1.weight").getArray().set(new float[8]);
                p.get("fc2.weight").getArray().set(new float[8]);
                float[] bias = {-4f, -1f, 0.5f, 2f};
                p.get("fc2.bias").getArray().set(bias);
                NDArray x = m.randomNormal(new Shape(2, 4, 3, 3));
                float[] y = se.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
                float[] xs = x.toFloatArray();
                for (int i = 0; i < xs.length; i++) {
                    int channel = (i / 9) % 4;
                    double expected = xs[i] * gate.applyScalar(bias[channel]);
                    assertThat((double) y[i]).as("%s element %d", gate, i).isCloseTo(expected, within(1e-5));
                }
            }
        }
    }
}
