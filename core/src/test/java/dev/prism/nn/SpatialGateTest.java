package dev.prism.nn;

import static org.assertj.core.api.Assertions.assertThat;
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

class SpatialGateTest {

    /**
     * A 7x7 kernel that reads only its centre tap of the first stacked map (the maximum over
     * channels) with weight 1, BatchNorm at inference with running mean 0 and variance 1, weight 2
     * and bias -1: every position is scaled by sigmoid(2 * max_c(x) / sqrt(1 + eps) - 1). A kernel
     * on the second map instead reads the channel mean.
     */
    @Test
    void weightsEachPositionByItsChannelMaximumOrMean() {
        for (int stacked : new int[] {0, 1}) {
            try (NDManager m = NDManager.newBaseManager()) {
                SpatialGate gate = new SpatialGate();
                Shape in = new Shape(2, 3, 4, 5);
                gate.initialize(m, DataType.FLOAT32, in);
                Map<String, Parameter> p = TorchNames.of(gate);
                assertThat(p.keySet()).containsExactly("conv.weight", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var");
                assertThat(p.get("conv.weight").getArray().getShape()).isEqualTo(new Shape(1, 2, 7, 7));
                float[] kernel = new float[2 * 49];
                kernel[stacked * 49 + 24] = 1; // centre of the 7x7 kernel
                p.get("conv.weight").getArray().set(kernel);
                p.get("bn.weight").getArray().set(new float[] {2});
                p.get("bn.bias").getArray().set(new float[] {-1});
                NDArray x = m.randomNormal(in);
                float[] y = gate.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
                float[] xs = x.toFloatArray();
                int hw = 20;
                for (int n = 0; n < 2; n++) {
                    for (int pos = 0; pos < hw; pos++) {
                        double max = Double.NEGATIVE_INFINITY;
                        double mean = 0;
                        for (int c = 0; c < 3; c++) {
                            max = Math.max(max, xs[(n * 3 + c) * hw + pos]);
                            mean += xs[(n * 3 + c) * hw + pos] / 3.0;
                        }
                        double read = stacked == 0 ? max : mean;
                        double a = 1 / (1 + Math.exp(-(2 * read / Math.sqrt(1 + Layers.BN_EPS) - 1)));
                        for (int c = 0; c < 3; c++) {
                            int i = (n * 3 + c) * hw + pos;
                            assertThat((double) y[i]).as("map %d, element %d", stacked, i).isCloseTo(xs[i] * a, within(1e-5));
                        }
                    }
                }
            }
        }
    }
}
