package dev.prism.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import dev.prism.cli.Main;
import dev.prism.data.hsi.TestScenes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A study end to end on a tiny scene: every arm runs, the table is written, and finished runs are reused. */
class StudyTest {

    @TempDir
    Path dir;

    @Test
    void twoDVersusThreeDWritesATableAndReusesFinishedRuns() throws Exception {
        TestScenes.write(dir, 20, 24, 16, 3, 8);
        String[] args = {"study", "hsi-2d-vs-3d", "--runs", "1", "--cube", dir.resolve("cube.mat") + ":cube",
            "--gt", dir.resolve("gt.mat") + ":gt", "--pca", "13", "--window", "9", "--epochs", "2", "--batch-size", "32",
            "--device", "cpu", "--out", dir.resolve("study").toString()};
        assertThat(Main.run(args)).isEqualTo(0);
        String md = Files.readString(dir.resolve("study/study.md"));
        assertThat(md).contains("| cnn2d |").contains("| cnn3d |").contains("| hybridsn |").contains(" ± ");
        JsonArray rows = Json.GSON.fromJson(Files.readString(dir.resolve("study/study.json")), JsonArray.class);
        assertThat(rows.size()).isEqualTo(3);
        assertThat(rows.get(2).getAsJsonObject().get("params").getAsLong()).isGreaterThan(0);
        long modified = Files.getLastModifiedTime(dir.resolve("study/hybridsn-seed1/results.json")).toMillis();
        assertThat(Main.run(args)).isEqualTo(0);
        assertThat(Files.getLastModifiedTime(dir.resolve("study/hybridsn-seed1/results.json")).toMillis())
                .as("a finished run is not run again").isEqualTo(modified);
        assertThat(Main.run("study", "hsi-nothing")).isEqualTo(2);
    }
}
