package dev.prism.jobs;

import dev.prism.data.hsi.PcaFit;
import dev.prism.data.hsi.SplitProtocol;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.data.hsi.Scene;
import dev.prism.data.hsi.SceneLoader;
import dev.prism.data.hsi.SpectralTransform;
import dev.prism.io.Npy;
import dev.prism.io.Tensor;
import dev.prism.train.Recipe;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * No preprocessing statistic sees a test pixel under a spatially separated split: the scene is
 * written twice, the second time with every test pixel's spectrum replaced by noise, and the fitted
 * transform (PCA mean, basis and whitening, or band standardisation) must not change.
 */
class LeakageFreeDataTest {

    @TempDir
    Path dir;

    private HsiConfig config(Path cube, Path gt, SplitProtocol split, int pca) {
        HsiConfig c = new HsiConfig(null, null, cube.toString(), gt.toString(), null, "hybridsn", pca, true, PcaFit.AUTO, 9, split, 0.3,
                0.1, Recipe.HSI.config(), DeviceChoice.CPU, 5L, 0, 0, null);
        return split == SplitProtocol.FIELDS_KFOLD ? c.withFolds(split, 4).withFold(2) : c;
    }

    /** {@code s}'s ground truth as {@code gt.npy} in the test folder. */
    private Path writeGroundTruth(Scene s) throws IOException {
        Path gt = dir.resolve("gt.npy");
        float[] labels = new float[s.pixels()];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = s.groundTruth()[p];
        }
        write(gt, new long[] {s.rows(), s.cols()}, labels);
        return gt;
    }

    private static void write(Path file, long[] shape, float[] data) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            Npy.write(new Tensor(shape, data), out);
        }
    }

    @ParameterizedTest
    @CsvSource({"FIELDS_KFOLD, 30", "FIELDS_KFOLD, 0", "FIELDS, 30", "FIELDS, 0"})
    void theTransformIsFittedOnTrainingPixelsOnly(SplitProtocol split, int pca) throws Exception {
        Scene s = SceneLoader.bundled();
        Path gt = writeGroundTruth(s);
        Path clean = dir.resolve("clean.npy");
        write(clean, new long[] {s.rows(), s.cols(), s.bands()}, s.cube());
        HsiData before = HsiData.prepare(config(clean, gt, split, pca));
        assertThat(before.split().test()).isNotEmpty();

        float[] noisy = s.cube().clone();
        Random rng = new Random(1);
        for (int p : before.split().test()) {
            for (int b = 0; b < s.bands(); b++) {
                noisy[p * s.bands() + b] = 1000 * rng.nextFloat();
            }
        }
        Path changed = dir.resolve("noisy.npy");
        write(changed, new long[] {s.rows(), s.cols(), s.bands()}, noisy);
        HsiData after = HsiData.prepare(config(changed, gt, split, pca));
        assertThat(after.split().test()).isEqualTo(before.split().test());
        assertSame(after.transform(), before.transform());

        // the random split keeps the paper's choice (every pixel), so there the same change does move it
        HsiData randomBefore = HsiData.prepare(config(clean, gt, SplitProtocol.RANDOM, pca));
        HsiData randomAfter = HsiData.prepare(config(changed, gt, SplitProtocol.RANDOM, pca));
        assertThat(randomAfter.transform().mean()).isNotEqualTo(randomBefore.transform().mean());
    }

    /**
     * A run at window 9 keeping window 25's gap trains and is scored on exactly the pixels of the
     * window-25 run (same folds, same seed), and on more training pixels with its own, narrower gap;
     * a gap narrower than the window is refused, and the option leaves the JSON of a config without
     * it unchanged.
     */
    @Test
    void aWindowKeepingAWiderGapHasTheWiderWindowsPixels() throws Exception {
        Scene s = SceneLoader.bundled();
        Path gt = writeGroundTruth(s);
        Path cube = dir.resolve("cube.npy");
        write(cube, new long[] {s.rows(), s.cols(), s.bands()}, s.cube());
        HsiConfig nine = config(cube, gt, SplitProtocol.FIELDS_KFOLD, 30);
        HsiConfig wide = nine.withWindow(25);
        HsiConfig nineWithWideGap = nine.withGapWindow(25);
        dev.prism.data.hsi.Split a = HsiData.prepare(wide).split();
        dev.prism.data.hsi.Split b = HsiData.prepare(nineWithWideGap).split();
        assertThat(b.train()).isEqualTo(a.train());
        assertThat(b.test()).isEqualTo(a.test());
        dev.prism.data.hsi.Split own = HsiData.prepare(nine).split();
        assertThat(own.train().length).as("window 9's own gap leaves more training pixels").isGreaterThan(a.train().length);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> wide.withGapWindow(9)).hasMessageContaining("must be odd and at least the window (25)");
        assertThat(dev.prism.io.StrictJson.PRETTY.toJson(nine)).doesNotContain("gapWindow");
        assertThat(dev.prism.io.StrictJson.PRETTY.toJson(nineWithWideGap)).contains("\"gapWindow\": 25");
        assertThat(dev.prism.io.StrictJson.PRETTY.fromJson(dev.prism.io.StrictJson.PRETTY.toJson(nineWithWideGap), HsiConfig.class))
                .isEqualTo(nineWithWideGap);
    }

    private static void assertSame(SpectralTransform a, SpectralTransform b) {
        assertThat(a.mean()).isEqualTo(b.mean());
        assertThat(a.scale()).isEqualTo(b.scale());
        for (int c = 0; c < a.channels(); c++) {
            assertThat(a.basis()[c]).isEqualTo(b.basis()[c]);
        }
    }
}
