package dev.prism.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.prism.data.hsi.PatchSamples;
import dev.prism.data.hsi.Scene;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelRegistry;
import dev.prism.models.ModelSpec;
import dev.prism.train.Inference;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ScenePredictionTest {

    private static final dev.prism.engine.EngineConfig ENGINE = dev.prism.engine.EngineCheck.check();

    @Test
    void slidingPassPredictsWhatTheWindowsPredictInStripsOfRows() {
        int rows = 13;
        int cols = 17;
        int bands = 15;
        int window = 9;
        Random rng = new Random(4);
        float[] cube = new float[rows * cols * bands];
        for (int i = 0; i < cube.length; i++) {
            cube[i] = (float) rng.nextGaussian();
        }
        int[] gt = new int[rows * cols];
        for (int p = 0; p < gt.length; p++) {
            gt[p] = 1 + p % 4;
        }
        Scene scene = new Scene("random", rows, cols, bands, cube, gt, new int[] {1, 2, 3, 4},
                List.of("a", "b", "c", "d"), new int[] {0, 1, 2}, "none");
        PatchSamples samples = new PatchSamples(scene, cube, bands, window);
        assertThatThrownBy(() -> samples.strip(12, 2)).hasMessage("rows 12..13 are outside the scene's 0..12");
        ModelOptions options = ModelOptions.defaults().withClasses(4).withBands(bands).withWindow(window);
        // strips of two rows: the last strip has one
        int[] all = IntStream.range(0, scene.pixels()).toArray();
        for (String model : List.of("hybridsn", "cnn2d", "cnn3d", "hybridsn-se", "hybridsn-cbam")) {
            ModelSpec spec = ModelRegistry.builtIn().get(model);
            try (NDManager m = NDManager.newBaseManager()) {
                Block block = spec.create(m, options, 7);
                assertThat(ScenePrediction.slides(block, samples)).as(model + " slides").isEqualTo(!model.startsWith("hybridsn-"));
                int[] windows = Inference.predict(Inference.scorer(ENGINE, block, m), samples, all, 32, null);
                int[] seen = new int[1];
                int[] map = ScenePrediction.predict(ENGINE, block, m, samples, 2 * cols + 5, n -> seen[0] = n);
                assertThat(map).as(model + ": the map equals the window-by-window predictions").containsExactly(windows);
                assertThat(IntStream.of(map).distinct().count()).as(model + ": random weights still give several classes").isGreaterThan(1);
                assertThat(seen[0]).as("progress reaches every pixel").isEqualTo(scene.pixels());
            }
        }
    }
}
