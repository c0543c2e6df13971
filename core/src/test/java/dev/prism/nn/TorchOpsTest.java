package dev.prism.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The native operators against the DJL compositions they replace: values and gradients. */
class TorchOpsTest {

    // around every kink of relu6 / hard-sigmoid / hard-swish (-3, 0, 3, 6), with the kinks themselves
    private static final float[] X = {-7f, -3.5f, -3f, -2.5f, -1f, -0.25f, 0f, 0.5f, 2.9f, 3f, 3.1f, 5.5f, 6f, 6.5f, 9f};

    @BeforeAll
    static void nativeOpsAreOn() {
        // skipped, with the reason, where the operators are off: never a silent, trivially true comparison
        dev.prism.EngineAssumptions.assumeNativeOps();
    }

    /** f(x) and d(sum(f(x) * w))/dx for a fixed weighting w, so each element's gradient counts. */
    private static float[][] valueAndGradient(UnaryOperator<NDArray> f) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(X);
            NDArray w = m.arange((float) X.length).add(1f);
            x.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(x);
                c.backward(y.mul(w).sum());
                return new float[][] {y.toFloatArray(), x.getGradient().toFloatArray()};
            }
        }
    }

    /**
     * Same values everywhere, same gradients away from the kinks {@code kinks}: at a kink
     * libtorch's {@code clamp} passes the gradient (its bounds are inclusive) where PyTorch's
     * {@code nn.ReLU6} / {@code nn.Hardsigmoid} (hardtanh's backward) pass none.
     */
    private static void assertSame(String what, float[][] nativeResult, float[][] djl, float... kinks) {
        for (int i = 0; i < X.length; i++) {
            assertThat(nativeResult[0][i]).as("%s(%s)", what, X[i]).isCloseTo(djl[0][i], within(1e-6f));
            boolean kink = false;
            for (float k : kinks) {
                kink |= X[i] == k;
            }
            if (kink) {
                assertThat(nativeResult[1][i]).as("d %s(%s) at a kink, as PyTorch", what, X[i]).isZero();
            } else {
                assertThat(nativeResult[1][i]).as("d %s(%s)", what, X[i]).isCloseTo(djl[1][i], within(1e-5f));
            }
        }
    }

    @Test
    void hardtanhIsRelu6WithTheSameGradient() {
        float[][] n = valueAndGradient(x -> TorchOps.hardtanh(x, 0, 6));
        assertSame("hardtanh", n, valueAndGradient(x -> x.clip(0f, 6f)), 0f, 6f);
        assertThat(n[1][7]).isEqualTo(8f); // x = 0.5, weight 8: passes inside (0, 6)
    }

    @Test
    void hardsigmoidAndHardswishMatchTheirCompositions() {
        assertSame("hardsigmoid", valueAndGradient(TorchOps::hardsigmoid),
                valueAndGradient(Activation::hardSigmoidComposed), -3f, 3f);
        float[][] n = valueAndGradient(TorchOps::hardswish);
        for (int i = 0; i < X.length; i++) {
            double x = X[i];
            double expected = x * Math.min(Math.max(0, x + 3), 6) / 6;
            assertThat((double) n[0][i]).as("hardswish(%s)", x).isCloseTo(expected, within(1e-5));
            // PyTorch's hardswish derivative: 0 below -3, 1 above 3, (2x + 3) / 6 between
            double slope = x < -3 ? 0 : x > 3 ? 1 : (2 * x + 3) / 6;
            assertThat((double) n[1][i]).as("d hardswish(%s)", x).isCloseTo(slope * (i + 1), within(1e-4));
        }
    }

    @Test
    void inPlaceFormsOverwriteTheirInputWithTheSameValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (Activation a : Activation.values()) {
                NDArray x = m.create(X);
                float[] expected = a.apply(x).toFloatArray();
                NDArray y = TorchOps.applyInPlace(a, x);
                if (a == Activation.SIGMOID || a == Activation.TANH || a == Activation.SILU) {
                    assertThat(y).as(a + " has no in-place form here").isNull();
                    continue;
                }
                assertThat(y).as(a.name()).isSameAs(x);
                assertThat(x.toFloatArray()).as(a.name()).containsExactly(expected);
            }
        }
    }

    @Test
    void resultsBelongToTheInputsManager() {
        try (NDManager outer = NDManager.newBaseManager()) {
            NDArray y;
            try (NDManager m = outer.newSubManager()) {
                y = TorchOps.hardswish(m.create(X));
                assertThat(y.getManager()).isSameAs(m);
            }
            assertThat(y.isReleased()).isTrue();
        }
    }

    @Test
    void fusedAdamTakesPyTorchsStepsWithAndWithoutDecoupledDecay() {
        for (boolean decoupled : new boolean[] {false, true}) {
            try (NDManager m = NDManager.newBaseManager()) {
                float[] w0 = {0.5f, -1.25f, 2f, 0f, 3f, -0.75f};
                float[] g = {0.1f, -0.2f, 0.05f, 1.5f, -3f, 0f};
                NDArray w = m.create(w0, new Shape(2, 3));
                NDArray mom = m.zeros(w.getShape());
                NDArray vel = m.zeros(w.getShape());
                double lr = 0.01, b1 = 0.9, b2 = 0.999, wd = 0.1, eps = 1e-8;
                double[] ref = new double[w0.length];
                double[] rm = new double[w0.length];
                double[] rv = new double[w0.length];
                for (int i = 0; i < w0.length; i++) {
                    ref[i] = w0[i];
                }
                for (int step = 1; step <= 3; step++) {
                    // a gradient that differs per step (and in channels-last-like transposed
                    // layout on step 2, which the kernel must read in the parameter's order)
                    float[] gs = new float[g.length];
                    for (int i = 0; i < g.length; i++) {
                        gs[i] = g[i] * step;
                    }
                    NDArray grad = step == 2
                            ? m.create(gs, new Shape(2, 3)).transpose().toType(ai.djl.ndarray.types.DataType.FLOAT32, true).transpose()
                            : m.create(gs, new Shape(2, 3));
                    TorchOps.adamUpdate(w, grad, mom, vel, m.create((float) step), lr, b1, b2, wd, eps, decoupled);
                    for (int i = 0; i < w0.length; i++) {
                        double gi = gs[i];
                        if (decoupled) {
                            ref[i] *= 1 - lr * wd;
                        } else {
                            gi += wd * ref[i];
                        }
                        rm[i] = b1 * rm[i] + (1 - b1) * gi;
                        rv[i] = b2 * rv[i] + (1 - b2) * gi * gi;
                        double denom = Math.sqrt(rv[i]) / Math.sqrt(1 - Math.pow(b2, step)) + eps;
                        ref[i] -= lr / (1 - Math.pow(b1, step)) * rm[i] / denom;
                    }
                }
                float[] got = w.toFloatArray();
                for (int i = 0; i < w0.length; i++) {
                    assertThat((double) got[i]).as("decoupled=%s w[%d]", decoupled, i).isCloseTo(ref[i], within(1e-6));
                }
                assertThat((double) mom.toFloatArray()[4]).isCloseTo(rm[4], within(1e-6));
            }
        }
    }
}
