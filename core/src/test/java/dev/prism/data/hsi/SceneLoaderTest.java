package dev.prism.data.hsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;

class SceneLoaderTest {

    @TempDir
    Path dir;

    /** The bundled copy is the real Indian Pines: the README's class counts, aligned with the GIC ground truth. */
    @Test
    void bundledIndianPines() throws Exception {
        Scene s = SceneLoader.bundled();
        assertThat(s.name()).isEqualTo("Indian Pines (8-bit copy)");
        assertThat(new int[] {s.rows(), s.cols(), s.bands()}).containsExactly(145, 145, 200);
        assertThat(s.labelledPixels()).hasSize(10249);
        int[] counts = new int[16];
        for (int p : s.labelledPixels()) {
            counts[s.dense(p)]++;
        }
        assertThat(counts).containsExactly(46, 1428, 830, 237, 483, 730, 28, 478, 20, 972, 2455, 593, 205, 1265, 386, 93);
        assertThat(s.classNames().get(15)).isEqualTo("Stone-Steel-Towers");
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : s.cube()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isEqualTo(0f);
        assertThat(max).isEqualTo(255f);
        assertThat(s.checksum()).hasSize(64);
    }

    @Test
    void customSceneAndSkippedLabelsAreRemapped() throws Exception {
        Matrix cube = Mat5.newMatrix(new int[] {4, 5, 3}, MatlabType.Double);
        Matrix gt = Mat5.newMatrix(new int[] {4, 5}, MatlabType.UInt8);
        for (int i = 0; i < 60; i++) {
            cube.setDouble(i, i % 7);
        }
        int[] labels = {0, 1, 10, 14};
        for (int i = 0; i < 20; i++) {
            gt.setInt(i, labels[i % 4]);
        }
        Mat5.writeToFile(Mat5.newMatFile().addArray("salinasA_corrected", cube), dir.resolve("SalinasA_corrected.mat").toFile());
        Mat5.writeToFile(Mat5.newMatFile().addArray("salinasA_gt", gt), dir.resolve("SalinasA_gt.mat").toFile());
        Scene s = SceneLoader.registered(SceneRegistry.get("salinas-a"), dir);
        assertThat(s.labels()).containsExactly(1, 10, 14);
        assertThat(s.classNames()).containsExactly("Brocoli_green_weeds_1", "Corn_senesced_green_weeds", "Lettuce_romaine_7wk");
        assertThat(s.name()).isEqualTo("Salinas-A");
    }

    @Test
    void badInputsGetOneClearErrorEach() throws Exception {
        TestScenes.write(dir, 6, 8, 5, 3, 1);
        Path cube = dir.resolve("cube.mat");
        Path gt = dir.resolve("gt.mat");
        // missing variable: lists the keys present
        assertThatThrownBy(() -> SceneLoader.custom(cube + ":nope", gt + ":gt", null))
                .hasMessageContaining("no variable 'nope'").hasMessageContaining("cube");
        // sizes differ
        Mat5.writeToFile(Mat5.newMatFile().addArray("gt", Mat5.newMatrix(new int[] {6, 7}, MatlabType.UInt8)), dir.resolve("small.mat").toFile());
        assertThatThrownBy(() -> SceneLoader.custom(cube + ":cube", dir.resolve("small.mat") + ":gt", null))
                .hasMessageContaining("6 x 8 pixels").hasMessageContaining("6 x 7");
        // labels beyond the class list
        Path names = dir.resolve("names.txt");
        Files.writeString(names, "one\ntwo\n");
        assertThatThrownBy(() -> SceneLoader.custom(cube + ":cube", gt + ":gt", names))
                .hasMessageContaining("label 3 is beyond the class list");
        // NaN in the cube
        Matrix nan = Mat5.newMatrix(new int[] {6, 8, 5}, MatlabType.Double);
        nan.setDouble(new int[] {2, 3, 4}, Double.NaN);
        Mat5.writeToFile(Mat5.newMatFile().addArray("cube", nan), dir.resolve("nan.mat").toFile());
        assertThatThrownBy(() -> SceneLoader.custom(dir.resolve("nan.mat") + ":cube", gt + ":gt", null))
                .hasMessageContaining("NaN at row 2, column 3, band 4");
        // a missing file
        assertThatThrownBy(() -> SceneLoader.registered(SceneRegistry.get("pavia-university"), dir))
                .hasMessageContaining("PaviaU.mat not found");
        assertThatThrownBy(() -> SceneRegistry.get("pavia")).hasMessageContaining("known scenes");
    }
}
