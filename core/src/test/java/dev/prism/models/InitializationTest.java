package dev.prism.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PyTorch's layer defaults (weights and biases uniform in +-1/sqrt(fan_in)) against the family's initialisation. */
class InitializationTest {

    private static final ModelOptions OPTIONS = ModelOptions.defaults().withClasses(5).withBands(13).withWindow(9);

    @Test
    void pytorchSchemeDrawsWeightsAndBiasesWithinOneOverRootFanIn() {
        ModelSpec spec = ModelRegistry.builtIn().get("hybridsn");
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = spec.create(m, OPTIONS, 3, Initialization.Scheme.PYTORCH);
            List<Pair<String, Parameter>> params = new ArrayList<>();
            block.getParameters().forEach(params::add);
            int checked = 0;
            for (int i = 0; i < params.size(); i++) {
                if (!params.get(i).getKey().endsWith("weight")) {
                    continue;
                }
                NDArray w = params.get(i).getValue().getArray();
                double bound = 1 / Math.sqrt(w.size() / w.getShape().get(0));
                float[] wv = w.toFloatArray();
                assertThat(maxAbs(wv)).as(params.get(i).getKey()).isLessThanOrEqualTo(bound * 1.0001).isGreaterThan(bound * 0.9);
                NDArray b = params.get(i + 1).getValue().getArray();
                float[] bv = b.toFloatArray();
                assertThat(params.get(i + 1).getKey()).endsWith("bias");
                assertThat(maxAbs(bv)).as(params.get(i + 1).getKey()).isLessThanOrEqualTo(bound * 1.0001).isGreaterThan(0);
                checked++;
            }
            assertThat(checked).as("HybridSN's convolutions and fully-connected layers").isEqualTo(7);
        }
    }

    @Test
    void familySchemeKeepsBiasesAtZeroAndTheSameSeedGivesTheSameWeights() {
        ModelSpec spec = ModelRegistry.builtIn().get("hybridsn");
        try (NDManager m = NDManager.newBaseManager()) {
            Block a = spec.create(m, OPTIONS, 3);
            Block b = spec.create(m, OPTIONS, 3, Initialization.Scheme.FAMILY);
            Block c = spec.create(m, OPTIONS, 3, Initialization.Scheme.PYTORCH);
            float[] wa = a.getParameters().get(0).getValue().getArray().toFloatArray();
            assertThat(b.getParameters().get(0).getValue().getArray().toFloatArray()).containsExactly(wa);
            assertThat(c.getParameters().get(0).getValue().getArray().toFloatArray()).isNotEqualTo(wa);
            a.getParameters().forEach(p -> {
                if (p.getKey().endsWith("bias")) {
                    assertThat(maxAbs(p.getValue().getArray().toFloatArray())).as(p.getKey()).isZero();
                }
            });
        }
    }

    @Test
    void buildingANetworkNeitherReadsNorReseedsTheEnginesGenerator() {
        ModelSpec spec = ModelRegistry.builtIn().get("hybridsn");
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(99);
            float[] alone = m.randomUniform(0, 1, new Shape(64)).toFloatArray();
            Engine.getInstance().setRandomSeed(99);
            float[] w1 = spec.create(m, OPTIONS, 3).getParameters().get(0).getValue().getArray().toFloatArray();
            float[] afterBuilding = m.randomUniform(0, 1, new Shape(64)).toFloatArray();
            Engine.getInstance().setRandomSeed(12345);
            float[] w2 = spec.create(m, OPTIONS, 3).getParameters().get(0).getValue().getArray().toFloatArray();
            float[] w4 = spec.create(m, OPTIONS, 4).getParameters().get(0).getValue().getArray().toFloatArray();
            assertThat(Arrays.equals(afterBuilding, alone)).as("the engine's stream continues as if no network had been built").isTrue();
            assertThat(Arrays.equals(w2, w1)).as("the weights depend on the seed only, not on the engine's state").isTrue();
            assertThat(Arrays.equals(w4, w1)).as("another seed, other weights").isFalse();
        }
    }

    @Test
    void familySchemeScalesAsGlorotForHyperspectralAndHeFanOutForImageNetworks() {
        try (NDManager m = NDManager.newBaseManager()) {
            // HybridSN's first 3-D convolution: 8 x 1 x 7 x 3 x 3, Glorot uniform bound sqrt(6 / (fanIn + fanOut))
            NDArray w = ModelRegistry.builtIn().get("hybridsn").create(m, OPTIONS, 5).getParameters().get(0).getValue().getArray();
            long kernel = w.size() / (w.getShape().get(0) * w.getShape().get(1));
            double bound = Math.sqrt(6.0 / (kernel * (w.getShape().get(0) + w.getShape().get(1))));
            assertThat(maxAbs(w.toFloatArray())).isLessThanOrEqualTo(bound * 1.0001).isGreaterThan(bound * 0.95);
            // ResNet-20's stem: 16 x 3 x 3 x 3, He normal with fan-out: std sqrt(2 / (16 * 9))
            ModelOptions image = ModelOptions.defaults().withClasses(10).withInputSize(32);
            NDArray c = ModelRegistry.builtIn().get("resnet20").create(m, image, 5).getParameters().get(0).getValue().getArray();
            double std = Math.sqrt(2.0 / (c.getShape().get(0) * 9));
            float[] v = c.toFloatArray();
            double sq = 0;
            for (float x : v) {
                sq += x * x;
            }
            assertThat(Math.sqrt(sq / v.length)).as("root mean square of %d draws", v.length).isBetween(std * 0.85, std * 1.15);
        }
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
