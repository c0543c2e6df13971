package dev.prism.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class ActivationTest {

    private static final float[] X = {-5f, -3f, -1.5f, 0f, 1f, 3f, 4f, 7f};

    private static float[] apply(Activation a) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(X);
            return a.apply(x).toFloatArray();
        }
    }

    @Test
    void hardSigmoidAtKnownPoints() {
        // relu6(x + 3) / 6: 0 below -3, 1 above 3, linear between
        float[] y = apply(Activation.HARD_SIGMOID);
        float[] expected = {0f, 0f, 0.25f, 0.5f, 4f / 6f, 1f, 1f, 1f};
        for (int i = 0; i < X.length; i++) {
            assertThat(y[i]).as("hard_sigmoid(%s)", X[i]).isCloseTo(expected[i], within(1e-6f));
        }
    }

    @Test
    void hardSwishAtKnownPoints() {
        float[] y = apply(Activation.HARD_SWISH);
        float[] expected = {0f, 0f, -0.375f, 0f, 4f / 6f, 3f, 4f, 7f};
        for (int i = 0; i < X.length; i++) {
            assertThat(y[i]).as("hard_swish(%s)", X[i]).isCloseTo(expected[i], within(1e-6f));
        }
    }

    @Test
    void relu6AndLeakyRelu() {
        assertThat(apply(Activation.RELU6)).containsExactly(0f, 0f, 0f, 0f, 1f, 3f, 4f, 6f);
        float[] leaky = apply(Activation.LEAKY_RELU);
        assertThat(leaky[0]).isCloseTo(-0.05f, within(1e-7f));
        assertThat(leaky[7]).isEqualTo(7f);
    }

    @Test
    void engineAgreesWithScalarReferenceForEveryActivation() {
        for (Activation a : Activation.values()) {
            float[] y = apply(a);
            for (int i = 0; i < X.length; i++) {
                assertThat((double) y[i]).as("%s(%s)", a, X[i]).isCloseTo(a.applyScalar(X[i]), within(1e-5));
            }
        }
    }
}
