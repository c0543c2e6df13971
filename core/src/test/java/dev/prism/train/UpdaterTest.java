package dev.prism.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdaterTest {

    /** One parameter w with loss sum(w^2): gradient 2w. Compare two steps with PyTorch's formulas by hand. */
    private static float[] twoSteps(TrainConfig.OptimizerKind kind, double wd, boolean nesterov) {
        return twoSteps(kind, wd, nesterov, Parameter.Type.WEIGHT);
    }

    private static float[] twoSteps(TrainConfig.OptimizerKind kind, double wd, boolean nesterov, Parameter.Type type) {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = Parameter.builder().setName("w").setType(type).build();
            p.setShape(new ai.djl.ndarray.types.Shape(2));
            p.setInitializer(ai.djl.training.initializer.Initializer.ONES);
            p.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32);
            p.getArray().set(new float[] {1f, -2f});
            TrainConfig c = TrainConfig.builder().optEpochs(1).optBatchSize(1).optOptimizer(kind).optLearningRate(0.1).optWeightDecay(wd)
                    .optNesterov(nesterov).optStepEvery(1).optStepGamma(1).optSeed(1).build();
            Updater opt = Updater.of(c).create(Map.of("w", p), m);
            for (int s = 0; s < 2; s++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray w = p.getArray();
                    gc.backward(w.mul(w).sum());
                }
                opt.step(0.1, 0);
            }
            return p.getArray().toFloatArray();
        }
    }

    @Test
    void adamMatchesTheFormula() {
        double[] w = {1, -2};
        double[] mom = new double[2];
        double[] v = new double[2];
        for (int t = 1; t <= 2; t++) {
            for (int i = 0; i < 2; i++) {
                double g = 2 * w[i];
                mom[i] = 0.9 * mom[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                double mh = mom[i] / (1 - Math.pow(0.9, t));
                double vh = v[i] / (1 - Math.pow(0.999, t));
                w[i] -= 0.1 * mh / (Math.sqrt(vh) + 1e-8);
            }
        }
        float[] got = twoSteps(TrainConfig.OptimizerKind.ADAM, 0, false);
        assertThat((double) got[0]).isCloseTo(w[0], within(1e-5));
        assertThat((double) got[1]).isCloseTo(w[1], within(1e-5));
    }

    @Test
    void nesterovSgdWithWeightDecayMatchesTheFormula() {
        double[] w = {1, -2};
        double[] buf = new double[2];
        for (int t = 1; t <= 2; t++) {
            for (int i = 0; i < 2; i++) {
                double g = 2 * w[i] + 0.01 * w[i];
                buf[i] = t == 1 ? g : 0.9 * buf[i] + g;
                w[i] -= 0.1 * (g + 0.9 * buf[i]);
            }
        }
        float[] got = twoSteps(TrainConfig.OptimizerKind.SGD, 0.01, true);
        assertThat((double) got[0]).isCloseTo(w[0], within(1e-5));
        assertThat((double) got[1]).isCloseTo(w[1], within(1e-5));
    }

    @Test
    void adamwDecaysDecoupled() {
        float[] adam = twoSteps(TrainConfig.OptimizerKind.ADAM, 0.5, false);
        float[] adamw = twoSteps(TrainConfig.OptimizerKind.ADAMW, 0.5, false);
        assertThat(adamw[0]).isNotEqualTo(adam[0]);
    }

    @Test
    void biasesAndBatchNormAreNeverDecayed() {
        float[] plain = twoSteps(TrainConfig.OptimizerKind.SGD, 0, true, Parameter.Type.WEIGHT);
        for (Parameter.Type t : new Parameter.Type[] {Parameter.Type.BIAS, Parameter.Type.GAMMA, Parameter.Type.BETA}) {
            assertThat(twoSteps(TrainConfig.OptimizerKind.SGD, 0.5, true, t)).as(t.name()).containsExactly(plain);
            assertThat(twoSteps(TrainConfig.OptimizerKind.ADAMW, 0.5, false, t)).as(t.name())
                    .containsExactly(twoSteps(TrainConfig.OptimizerKind.ADAM, 0, false, Parameter.Type.WEIGHT));
        }
        assertThat(twoSteps(TrainConfig.OptimizerKind.SGD, 0.5, true, Parameter.Type.WEIGHT)).as("weights are").isNotEqualTo(plain);
    }

    /**
     * libtorch's fused Adam and the DJL composition take the same steps on a real convolution
     * (channels-last input, so its weight gradient may come back in another layout), with a
     * decayed weight and an undecayed bias, for both decay modes.
     */
    @Test
    void fusedAndComposedAdamAgree() {
        dev.prism.EngineAssumptions.assumeNativeOps();
        for (boolean decoupled : new boolean[] {false, true}) {
            float[][] fused = convSteps(decoupled, true);
            float[][] composed = convSteps(decoupled, false);
            for (int k = 0; k < 2; k++) {
                assertThat(fused[k]).as("decoupled=%s parameter %d", decoupled, k)
                        .containsExactly(composed[k], within(2e-6f));
            }
            assertThat(fused[0]).as("the weights moved").isNotEqualTo(convSteps(decoupled, true, 0)[0]);
        }
    }

    private static float[][] convSteps(boolean decoupled, boolean fused) {
        return convSteps(decoupled, fused, 3);
    }

    private static float[][] convSteps(boolean decoupled, boolean fused, int steps) {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter w = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            Parameter b = Parameter.builder().setName("b").setType(Parameter.Type.BIAS).build();
            w.setShape(new ai.djl.ndarray.types.Shape(4, 3, 3, 3));
            b.setShape(new ai.djl.ndarray.types.Shape(4));
            w.setInitializer(ai.djl.training.initializer.Initializer.ONES);
            b.setInitializer(ai.djl.training.initializer.Initializer.ONES);
            w.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32);
            b.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32);
            w.getArray().set(m.arange(108f).sin().toFloatArray());
            Map<String, Parameter> params = new java.util.LinkedHashMap<>();
            params.put("w", w);
            params.put("b", b);
            Updater opt = new Updater.Adam(params, m, 0.05, decoupled, fused);
            NDArray x = dev.prism.engine.EngineCheck.check().layout().apply(m.arange(2f * 3 * 6 * 6).reshape(2, 3, 6, 6).cos());
            for (int s = 0; s < steps; s++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(ai.djl.nn.convolutional.Conv2d.conv2d(x, w.getArray(), b.getArray()).head().square().mean());
                }
                opt.step(0.01, 0);
            }
            return new float[][] {w.getArray().toFloatArray(), b.getArray().toFloatArray()};
        }
    }
}
