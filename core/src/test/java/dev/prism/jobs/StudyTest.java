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

    /** A study on the scene written into {@code dir}: PCA 13, window 9, batch 32, on the CPU, into {@code dir/out}. */
    private String[] studyArgs(String study, int runs, int epochs, String out, String... extra) {
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("study", study, "--runs", Integer.toString(runs),
                "--cube", dir.resolve("cube.mat") + ":cube", "--gt", dir.resolve("gt.mat") + ":gt", "--pca", "13", "--window", "9",
                "--epochs", Integer.toString(epochs), "--batch-size", "32", "--device", "cpu", "--out", dir.resolve(out).toString()));
        a.addAll(java.util.List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void twoDVersusThreeDWritesATableAndReusesFinishedRuns() throws Exception {
        TestScenes.write(dir, 20, 24, 16, 3, 8);
        String[] args = studyArgs("hsi-2d-vs-3d", 2, 2, "study");
        assertThat(Main.run(args)).isEqualTo(0);
        String md = Files.readString(dir.resolve("study/study.md"));
        assertThat(md).contains("| cnn2d / random |").contains("| cnn3d / fields |").contains("| hybridsn / random |").contains(" ± ");
        JsonArray rows = Json.GSON.fromJson(Files.readString(dir.resolve("study/study.json")), JsonArray.class);
        assertThat(rows.size()).isEqualTo(6);
        assertThat(rows.get(2).getAsJsonObject().get("params").getAsLong()).isGreaterThan(0);
        assertThat(rows.get(4).getAsJsonObject().get("split").getAsString()).isEqualTo("fields");
        // every arm but the baseline is compared with it run by run (same seeds), in the table and the JSON
        assertThat(md).contains("## Paired comparisons").contains("| cnn3d / random | cnn2d / random | 2 |").contains("| hybridsn / fields | cnn2d / fields | 2 |")
                .contains("t p=").contains("Wilcoxon p=").contains("![OA of every run per arm, random](study-oa-random.png)")
                .contains("![OA of every run per arm, fields](study-oa-fields.png)");
        // the training curves, mean over the runs, from each run's metrics.csv
        double[][] curve = StudyCurves.mean(dir.resolve("study"), "cnn2d / random", 2);
        double[] loss1 = new double[2];
        for (int s = 1; s <= 2; s++) {
            java.util.List<String> csv = Files.readAllLines(dir.resolve("study/cnn2d-random-seed" + s + "/metrics.csv"));
            for (int e = 0; e < 2; e++) {
                loss1[e] += Double.parseDouble(csv.get(e + 1).split(",")[1]) / 2;
            }
        }
        assertThat(curve[0]).containsExactly(loss1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(md).contains("## Training curves (mean over runs)").contains(String.format(java.util.Locale.ROOT,
                "| cnn2d / random | 2 | %.4f (1) → %.4f (2) |", loss1[0], loss1[1])).contains("![Training loss per epoch, fields](study-curves-fields.png)");
        assertThat(javax.imageio.ImageIO.read(dir.resolve("study/study-curves-random.png").toFile()).getWidth()).isGreaterThan(300);
        assertThat(rows.get(0).getAsJsonObject().getAsJsonArray("versusBaseline")).isEmpty();
        var vs = rows.get(2).getAsJsonObject().getAsJsonArray("versusBaseline");
        assertThat(vs).hasSize(3);
        var oa = vs.get(0).getAsJsonObject();
        double[] hybrid = Json.GSON.fromJson(rows.get(2).getAsJsonObject().get("oa"), double[].class);
        double[] cnn2d = Json.GSON.fromJson(rows.get(0).getAsJsonObject().get("oa"), double[].class);
        assertThat(oa.get("metric").getAsString()).isEqualTo("OA");
        assertThat(oa.get("meanDifference").getAsDouble())
                .isCloseTo((hybrid[0] - cnn2d[0] + hybrid[1] - cnn2d[1]) / 2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(javax.imageio.ImageIO.read(dir.resolve("study/study-oa-fields.png").toFile()).getWidth()).isGreaterThan(300);
        long modified = Files.getLastModifiedTime(dir.resolve("study/hybridsn-random-seed1/results.json")).toMillis();
        assertThat(Main.run(args)).isEqualTo(0);
        assertThat(Files.getLastModifiedTime(dir.resolve("study/hybridsn-random-seed1/results.json")).toMillis())
                .as("a finished run is not run again").isEqualTo(modified);
        assertThat(Main.run("study", "hsi-nothing")).isEqualTo(2);
    }

    /** On a scene too small for a spatially disjoint split, the attention study reports that protocol as impossible and completes. */
    @Test
    void anImpossibleProtocolIsReportedAndTheStudyCompletes() throws Exception {
        TestScenes.write(dir, 9, 9, 16, 3, 8, 5); // labels only in the top-left 5 x 5: one block of a disjoint split
        String[] args = studyArgs("hsi-attention", 1, 1, "attention", "--split", "disjoint");
        dev.prism.cli.CliRun run = dev.prism.cli.CliRun.of(args);
        assertThat(run.code()).as(run.err()).isEqualTo(0);
        String md = Files.readString(dir.resolve("attention/study.md"));
        assertThat(md).contains("| hybridsn-cbam / random | hybridsn-cbam | random | 1 |")
                .contains("| hybridsn / disjoint | hybridsn | disjoint | 0 | impossible on this data: the labelled pixels of")
                .contains("| hybridsn-cbam / random | hybridsn / random | 1 |")
                .doesNotContain("| hybridsn-se / disjoint | hybridsn / disjoint |");
        JsonArray rows = Json.GSON.fromJson(Files.readString(dir.resolve("attention/study.json")), JsonArray.class);
        assertThat(rows.size()).isEqualTo(6);
        assertThat(rows.get(3).getAsJsonObject().get("impossible").getAsString()).contains("too small for a spatially disjoint split");
        assertThat(rows.get(0).getAsJsonObject().get("impossible").isJsonNull()).as("possible protocols carry impossible: null").isTrue();
    }

    /**
     * hsi-repeat splits the spread by source under both protocols, seed-major, with a variance
     * table per protocol against its all-varying arm and the reference recipe compared run by run.
     */
    @Test
    void repeatSplitsTheVarianceBySource() throws Exception {
        TestScenes.write(dir, 20, 24, 16, 3, 8);
        String[] args = studyArgs("hsi-repeat", 2, 1, "repeat", "--model", "cnn2d");
        dev.prism.cli.CliRun run = dev.prism.cli.CliRun.of(args);
        assertThat(run.code()).as(run.err()).isEqualTo(0);
        String md = Files.readString(dir.resolve("repeat/study.md"));
        assertThat(md).contains("## Sources of variance (OA), random split").contains("## Sources of variance (OA), fields split")
                .contains("| nothing varies (same seeds) / random | 2 |").contains("| nothing varies (same seeds) / fields | 2 |")
                .contains("| PyTorch reference recipe, all seeds vary / fields | cnn2d | fields | 2 |")
                .contains("share of \"all seeds vary / fields\"").contains("| 95% interval |").contains("| F-test p |")
                .contains("| PyTorch reference recipe, all seeds vary / random | all seeds vary / random | 2 | ");
        String variances = md.substring(md.indexOf("## Sources of variance"), md.indexOf("Sample variances over runs"));
        assertThat(variances).as("the other recipe is compared, not counted as a source of variance").doesNotContain("PyTorch reference");
        // seed-major: the first arm's second run comes after every arm's first run
        String log = run.out();
        assertThat(log.indexOf("all seeds vary / random, run 2/2"))
                .isGreaterThan(log.indexOf("nothing varies (same seeds) / fields, run 1/2"));

        // a second study takes over every run it would repeat exactly; repeats of one run only one for one, run i from run i
        String[] again = studyArgs("hsi-repeat", 2, 1, "repeat2", "--model", "cnn2d", "--reuse", dir.resolve("repeat").toString());
        dev.prism.cli.CliRun second = dev.prism.cli.CliRun.of(again);
        assertThat(second.code()).as(second.err()).isEqualTo(0);
        assertThat(second.out()).contains("all seeds vary / random, run 1: reused").contains("split varies, init + dropout fixed / fields, run 2: reused")
                .contains("nothing varies (same seeds) / random, run 2: reused").doesNotContain("run 1/2 -> ");
        for (String r : java.util.List.of("all-seeds-vary-random-seed1", "init-dropout-vary-split-fixed-fields-seed2",
                "nothing-varies-same-seeds-random-seed1", "nothing-varies-same-seeds-random-seed2")) {
            assertThat(dir.resolve("repeat2").resolve(r).resolve(RunReuse.MARKER)).as(r).exists();
            assertThat(Files.readString(dir.resolve("repeat2").resolve(r).resolve(RunReuse.MARKER)))
                    .contains(dir.resolve("repeat").resolve(r).toString());
            assertThat(Files.readString(dir.resolve("repeat2").resolve(r).resolve("results.json")))
                    .isEqualTo(Files.readString(dir.resolve("repeat").resolve(r).resolve("results.json")));
        }
        assertThat(Files.readString(dir.resolve("repeat2/study.md"))).contains("20 of these runs were taken over from earlier studies");

        // nothing is taken over when the data changed since (or the settings differ)
        HsiConfig base = dev.prism.jobs.RunFolder.config(dir.resolve("repeat/all-seeds-vary-random-seed1"), HsiConfig.class);
        java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        assertThat(RunReuse.adopt(Study.repeat(base, 2), 2, dir.resolve("repeat3"), java.util.List.of(dir.resolve("repeat")), quiet)).isEqualTo(20);
        assertThat(RunReuse.adopt(Study.repeat(base.withTrain(base.train().withEpochs(2)), 2), 2, dir.resolve("repeat4"),
                java.util.List.of(dir.resolve("repeat")), quiet)).isZero();
        // repeats are never taken from runs that were not repeats: one run may not stand for several
        Path lone = dir.resolve("lone");
        Files.createDirectories(lone);
        dev.prism.io.FileTrees.copy(dir.resolve("repeat/nothing-varies-same-seeds-random-seed1"), lone.resolve("some-run-seed1"), p -> true);
        dev.prism.io.FileTrees.copy(dir.resolve("repeat/nothing-varies-same-seeds-random-seed2"), lone.resolve("other-run-seed2"), p -> true);
        assertThat(RunReuse.adopt(java.util.List.of(Study.repeat(base, 2).get(3)), 2, dir.resolve("repeat6"), java.util.List.of(lone), quiet))
                .as("two runs with the same settings in one study are repeats: run 1 from run 1, run 2 from run 2").isEqualTo(2);
        Files.delete(lone.resolve("other-run-seed2/results.json"));
        assertThat(RunReuse.adopt(java.util.List.of(Study.repeat(base, 2).get(3)), 2, dir.resolve("repeat7"), java.util.List.of(lone), quiet))
                .as("a single run with those settings is not a repeat").isZero();
        TestScenes.write(dir, 20, 24, 16, 3, 9);
        assertThat(RunReuse.adopt(Study.repeat(base, 2), 2, dir.resolve("repeat5"), java.util.List.of(dir.resolve("repeat")), quiet)).isZero();
    }
}
