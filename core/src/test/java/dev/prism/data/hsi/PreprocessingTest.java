package dev.prism.data.hsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessingTest {

    @TempDir
    Path dir;

    private Scene scene(int rows, int cols, int bands, int classes) throws Exception {
        TestScenes.write(dir, rows, cols, bands, classes, 3);
        return SceneLoader.custom(dir.resolve("cube.mat") + ":cube", dir.resolve("gt.mat") + ":gt", null);
    }

    @Test
    void pcaComponentsAreOrderedAndWhitened() throws Exception {
        Scene s = scene(12, 15, 10, 3);
        int[] all = java.util.stream.IntStream.range(0, s.pixels()).toArray();
        Pca pca = Pca.fit(s, all, 4, true);
        double[] var = pca.variances();
        for (int i = 1; i < var.length; i++) {
            assertThat(var[i]).isLessThanOrEqualTo(var[i - 1]);
        }
        float[] z = pca.transform(s);
        for (int k = 0; k < 4; k++) {
            double sum = 0;
            double sq = 0;
            for (int p = 0; p < s.pixels(); p++) {
                sum += z[p * 4 + k];
                sq += z[p * 4 + k] * (double) z[p * 4 + k];
            }
            double mean = sum / s.pixels();
            assertThat(mean).isCloseTo(0, within(1e-3));
            assertThat((sq - s.pixels() * mean * mean) / (s.pixels() - 1)).as("variance of whitened component %d", k).isCloseTo(1, within(1e-3));
        }
        assertThatThrownBy(() -> Pca.fit(s, all, 11, false)).hasMessageContaining("PCA components 11 are more than the cube's 10 bands");
    }

    @Test
    void constantBandsCannotFeedMoreComponentsThanTheyCarry() {
        float[] cube = new float[5 * 5 * 3];
        for (int p = 0; p < 25; p++) {
            cube[p * 3] = p;          // informative
            cube[p * 3 + 1] = 7;      // constant
            cube[p * 3 + 2] = 2 * p;  // collinear with band 0
        }
        int[] gt = new int[25];
        gt[0] = 1;
        Scene s = new Scene("flat", 5, 5, 3, cube, gt, new int[] {1}, List.of("a"), new int[] {0, 1, 2}, "x");
        int[] all = java.util.stream.IntStream.range(0, 25).toArray();
        assertThatThrownBy(() -> Pca.fit(s, all, 2, true)).hasMessageContaining("component 2 of 2 has zero variance")
                .hasMessageContaining("constant bands, 0-based: [1]");
        assertThatThrownBy(() -> SpectralTransform.standardisation(s.cube(), s.bands(), s.name())).hasMessageContaining("band 1 (0-based)")
                .hasMessageContaining("constant");
    }

    @Test
    void patchesAreCentredAndZeroPaddedAtTheBorder() throws Exception {
        Scene s = scene(6, 7, 4, 2);
        float[] reduced = new float[s.pixels() * 2];
        for (int p = 0; p < s.pixels(); p++) {
            reduced[p * 2] = p + 1;
            reduced[p * 2 + 1] = -(p + 1);
        }
        PatchSamples ps = new PatchSamples(s, reduced, 2, 3);
        assertThat(ps.sampleShape()).containsExactly(1, 2, 3, 3);
        float[] out = new float[18];
        ps.fill(0, out, 0, null); // corner pixel (0, 0)
        assertThat(java.util.Arrays.copyOfRange(out, 0, 9)).containsExactly(0, 0, 0, 0, 1, 2, 0, 8, 9);
        assertThat(out[13]).isEqualTo(-1);
        int centre = 3 * 7 + 3;
        ps.fill(centre, out, 0, null);
        assertThat(out[4]).isEqualTo(centre + 1);
        assertThat(out[0]).isEqualTo(centre + 1 - 7 - 1);
        assertThatThrownBy(() -> new PatchSamples(s, reduced, 2, 4)).hasMessageContaining("must be odd");
        assertThatThrownBy(() -> new PatchSamples(s, reduced, 2, 9)).hasMessageContaining("larger than the scene (6 x 7)");
    }

    @Test
    void stratifiedSplitIsSeededAndPerClass() throws Exception {
        Scene s = scene(11, 20, 4, 4);
        Split a = Split.stratified(s, 0.3, 0.2, 5);
        Split b = Split.stratified(s, 0.3, 0.2, 5);
        Split c = Split.stratified(s, 0.3, 0.2, 6);
        assertThat(a.train()).containsExactly(b.train());
        assertThat(a.train()).isNotEqualTo(c.train());
        Set<Integer> seen = new HashSet<>();
        for (int[] part : new int[][] {a.train(), a.val(), a.test()}) {
            for (int p : part) {
                assertThat(seen.add(p)).as("pixel %d in two parts", p).isTrue();
            }
        }
        assertThat(seen).hasSize(s.labelledPixels().length);
        int[] perClass = new int[4];
        for (int p : a.train()) {
            perClass[s.dense(p)]++;
        }
        for (int p : a.val()) {
            perClass[s.dense(p)]++;
        }
        for (int k = 0; k < 4; k++) {
            assertThat(perClass[k]).as("class %d train+val", k).isEqualTo(Math.round(0.3f * 50));
        }
        assertThatThrownBy(() -> Split.stratified(s, 60, 0, 1)).hasMessageContaining("has 50 pixels: too few for 60 training pixels");
    }

    @Test
    void disjointSplitKeepsTestWindowsAwayFromTraining() throws Exception {
        Scene s = scene(40, 48, 4, 3);
        int window = 5;
        for (Split.Gap gap : Split.Gap.values()) {
            Split d = Split.disjoint(s, 0.3, window, gap, 0, 9);
            assertThat(d.kind()).isEqualTo(gap.kind);
            assertThat(d.train()).isNotEmpty();
            assertThat(d.test()).isNotEmpty();
            int minimum = gap == Split.Gap.WINDOW ? window : window / 2 + 1;
            for (int t : d.test()) {
                for (int q : d.train()) {
                    int dr = Math.abs(t / s.cols() - q / s.cols());
                    int dc = Math.abs(t % s.cols() - q % s.cols());
                    assertThat(Math.max(dr, dc)).as("%s: test %d vs train %d", gap, t, q).isGreaterThanOrEqualTo(minimum);
                }
            }
            assertThat(d.train().length + d.test().length + d.buffer().length).isEqualTo(s.labelledPixels().length);
            assertThat(Split.disjoint(s, 0.3, window, gap, 0, 9).train()).as("same seed, same split").isEqualTo(d.train());
        }
    }

    @Test
    void disjointSplitOnIndianPinesKeepsClassesOnBothSidesNearTheirShare() throws Exception {
        Scene s = SceneLoader.bundled();
        Split d = Split.disjoint(s, 0.3, 25, Split.Gap.CENTRE, 0, 42);
        int[] train = new int[s.classes()];
        int[] test = new int[s.classes()];
        int[] total = new int[s.classes()];
        for (int p : d.train()) {
            train[s.dense(p)]++;
        }
        for (int p : d.test()) {
            test[s.dense(p)]++;
        }
        for (int p : s.labelledPixels()) {
            total[s.dense(p)]++;
        }
        List<Double> shares = new java.util.ArrayList<>();
        for (int c = 0; c < s.classes(); c++) {
            if (train[c] > 0 && test[c] > 0) {
                shares.add((double) train[c] / total[c]);
            }
        }
        int both = shares.size();
        java.util.Collections.sort(shares);
        assertThat(shares.get(both / 2)).as("median training share of %s", shares).isBetween(0.2, 0.4);
        // Blocks drawn at random leave a few hundred test pixels; the search keeps thousands.
        assertThat(both).as("classes with training and test pixels").isGreaterThanOrEqualTo(11);
        assertThat(d.test().length).isGreaterThan(3000);
        assertThat(d.describe(s)).contains("Corn-notill").contains("total");
    }

    @Test
    void disjointSplitRefusesWhatItCannotSplit() throws Exception {
        Scene small = scene(6, 6, 4, 2);
        assertThatThrownBy(() -> Split.disjoint(small, 0.3, 25, Split.Gap.WINDOW, 0, 1))
                .hasMessageContaining("fit in one 13x13 block: too small for a spatially disjoint split");
        assertThatThrownBy(() -> Split.disjoint(small, 0.3, 0, Split.Gap.WINDOW, 0, 1)).hasMessageContaining("window must be >= 1, got 0");
        assertThatThrownBy(() -> Split.disjoint(small, 5, 3, Split.Gap.CENTRE, 0, 1))
                .hasMessageContaining("training share for a disjoint split must be a fraction in (0, 1), got 5.0");
    }

    /** A run keeps its spectral transform: PCA's (with whitening) and per-band standardisation give what they gave before. */
    @Test
    void theSpectralTransformOfAPcaIsThePca() throws Exception {
        Scene s = scene(6, 7, 5, 2);
        int[] all = java.util.stream.IntStream.range(0, s.pixels()).toArray();
        for (boolean whiten : new boolean[] {false, true}) {
            Pca pca = Pca.fit(s, all, 3, whiten);
            assertThat(pca.asTransform().apply(s.cube())).containsExactly(pca.transform(s));
        }
        float[] standard = SpectralTransform.standardisation(s.cube(), s.bands(), s.name()).apply(s.cube());
        for (int j = 0; j < s.bands(); j++) {
            double sum = 0;
            double sq = 0;
            for (int p = 0; p < s.pixels(); p++) {
                sum += standard[p * s.bands() + j];
                sq += standard[p * s.bands() + j] * standard[p * s.bands() + j];
            }
            assertThat(sum / s.pixels()).as("band %d mean", j).isCloseTo(0, org.assertj.core.api.Assertions.within(1e-5));
            assertThat(sq / s.pixels()).as("band %d variance", j).isCloseTo(1, org.assertj.core.api.Assertions.within(1e-4));
        }
    }
}
