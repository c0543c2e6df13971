package dev.prism.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.prism.parity.FreedMemory;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Gradients through constants stay right when Java frees memory between the forward and the
 * backward pass. With DJL's own {@code x.div(6f)} or {@code x.mul(0.5f)} every one of these fails
 * (gradient infinity or zero: the saved constant was freed and overwritten).
 */
class ScalarsTest {

    private static final float[] X = {-4f, -1f, 0f, 0.5f, 2.5f, 4f};

    /** d/dx of {@code f} at {@link #X}, with a collection and reuse of freed memory before the backward pass. */
    private static float[] gradient(UnaryOperator<NDArray> f) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(X.clone());
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(x);
                List<ByteBuffer> reused = FreedMemory.collectAndReuse();
                gc.backward(y.sum());
                reused.clear();
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    void divisionByAConstantDifferentiatesAfterACollection() {
        for (int round = 0; round < 3; round++) {
            float[] g = gradient(x -> Scalars.div(x, 6f));
            for (float v : g) {
                assertThat(v).isCloseTo(1f / 6, within(1e-7f));
            }
        }
    }

    @Test
    void multiplicationByAConstantDifferentiatesAfterACollection() {
        for (int round = 0; round < 3; round++) {
            float[] g = gradient(x -> Scalars.mul(x, 0.25f));
            for (float v : g) {
                assertThat(v).isEqualTo(0.25f);
            }
        }
    }

    @Test
    void composedHardSigmoidDifferentiatesAfterACollection() {
        float[] g = gradient(Activation::hardSigmoidComposed);
        for (int i = 0; i < X.length; i++) {
            float expected = X[i] > -3 && X[i] < 3 ? 1f / 6 : 0f;
            assertThat(g[i]).as("d hardsigmoid / dx at %s", X[i]).isCloseTo(expected, within(1e-7f));
        }
    }

    @Test
    void constantsKeepTheTypeOfTheirOperand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new double[] {3, 6});
            assertThat(Scalars.div(x, 6f).toDoubleArray()).containsExactly(0.5, 1.0);
            assertThat(Scalars.of(x, 2f).getShape().dimension()).isZero();
        }
    }
}
