package dev.prism.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
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

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
