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
