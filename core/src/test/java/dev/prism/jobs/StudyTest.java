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

    /**
     * At the paper's window the leakage-free sweep also runs each smaller window with the study
     * window's gap (the same training and test pixels), compared with the network's own arm; the
     * random split, which has no gap, does not.
     */
    @Test
    void theLeakageFreeSweepKeepsTheStudyWindowsGapInItsOwnArms() {
        HsiConfig base = new HsiConfig("indian-pines", null, null, null, null, "hybridsn", 30, true, dev.prism.data.hsi.PcaFit.AUTO, 25,
                dev.prism.data.hsi.SplitProtocol.RANDOM, 0.3, 0, dev.prism.train.Recipe.HSI.config(), DeviceChoice.CPU, null, 0, 0, null);
        java.util.Map<String, Study.Arm> arms = new java.util.LinkedHashMap<>();
        StudyArms.twoDVersusThreeD(base).forEach(a -> arms.put(a.label(), a));
        assertThat(arms.keySet()).contains("cnn2d w9 gap25 / fields-kfold", "cnn3d w15 gap25 / fields-kfold", "hybridsn w9 gap25 / fields-kfold")
                .noneMatch(l -> l.contains("gap") && l.endsWith("/ random"));
        Study.Arm arm = arms.get("hybridsn w9 gap25 / fields-kfold");
        assertThat(arm.baseline()).isEqualTo("hybridsn / fields-kfold");
        HsiConfig c = (HsiConfig) arm.configForSeed().apply(3);
        assertThat(c.window()).isEqualTo(9);
        assertThat(c.gapWindow()).isEqualTo(25);
        assertThat(c.train().seed()).isEqualTo(3);
        assertThat(((HsiConfig) arms.get("hybridsn w9 / fields-kfold").configForSeed().apply(3)).gapWindow()).isNull();
        assertThat(arms).hasSize(30);
    }

    @Test
    void twoDVersusThreeDWritesATableAndReusesFinishedRuns() throws Exception {
        TestScenes.write(dir, 20, 24, 16, 3, 8);
        String[] args = studyArgs("hsi-2d-vs-3d", 2, 2, "study");
        assertThat(Main.run(args)).isEqualTo(0);
        String md = Files.readString(dir.resolve("study/study.md"));
        assertThat(md).contains("| cnn2d / random |").contains("| cnn3d / fields-kfold |").contains("| hybridsn / random |").contains(" ± ")
                .contains("| svm-rbf / fields-kfold | svm-rbf | fields-kfold | 2 |").contains("| random-forest / random |")
                .contains("| hybridsn w15 / fields-kfold | hybridsn | fields-kfold | 2 |").doesNotContain("w9 /");
        JsonArray rows = Json.GSON.fromJson(Files.readString(dir.resolve("study/study.json")), JsonArray.class);
        assertThat(rows.size()).isEqualTo(18);
        assertThat(rows.get(2).getAsJsonObject().get("params").getAsLong()).isGreaterThan(0);
        assertThat(rows.get(9).getAsJsonObject().get("split").getAsString()).isEqualTo("fields-kfold");
        assertThat(md).contains("| cnn1d / fields-kfold | cnn1d | fields-kfold | 2 |");
        assertThat(RunFolder.config(dir.resolve("study/cnn1d-random-seed1"), HsiConfig.class).train().epochs())
                .as("the 1-D CNN trains the study's epochs times SPECTRAL_CNN_EPOCH_FACTOR").isEqualTo(2 * StudyArms.SPECTRAL_CNN_EPOCH_FACTOR);
        // every arm but the baseline is compared with it run by run (same seeds), in the table and the JSON, Holm-adjusted
        assertThat(md).contains("## Paired comparisons").contains("| cnn3d / random | cnn2d / random | 2 |").contains("| hybridsn / fields-kfold | cnn2d / fields-kfold | 2 |")
                .contains("| svm-rbf / random | cnn2d / random | 2 |").contains("| cnn2d w15 / random | cnn2d / random | 2 |")
                .contains("t p=").contains("Wilcoxon p=").contains("(Holm ").contains("detectable").contains("all 48 comparisons")
                .contains("![OA of every run per arm, random](study-oa-random.png)")
                .contains("![OA of every run per arm, fields-kfold](study-oa-fields-kfold.png)");
        // a cross-validated run: every fold in its own folder, the figures pooled over the folds' test pixels
        Path cv = dir.resolve("study/hybridsn-fields-kfold-seed1");
        HsiJob.Result pooled = Json.read(cv.resolve("results.json"), HsiJob.Result.class);
        long[][] sum = new long[3][3];
        int tested = 0;
        for (int f = 1; f <= 3; f++) {
            HsiJob.Result fold = Json.read(cv.resolve("fold-" + f + "/results.json"), HsiJob.Result.class);
            tested += fold.testPixels();
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    sum[i][j] += fold.test().confusion()[i][j];
                }
            }
        }
        assertThat(pooled.test().confusion()).isEqualTo(sum);
        assertThat(pooled.testPixels()).isEqualTo(tested);
        assertThat(cv.resolve("folds.txt")).exists();
        assertThat(cv.resolve("predicted-cv.npy")).exists();
        // the evidence behind every figure, small text files per run (and per fold)
        Path evidence = dir.resolve("study/evidence");
        assertThat(evidence.resolve("hybridsn-fields-kfold-seed1/fold-2/split.txt")).exists();
        assertThat(evidence.resolve("hybridsn-fields-kfold-seed1/folds.txt")).exists();
        assertThat(Files.readString(evidence.resolve("svm-rbf-random-seed2/results.json")))
                .isEqualTo(Files.readString(dir.resolve("study/svm-rbf-random-seed2/results.json")));
        assertThat(evidence.resolve("svm-rbf-random-seed2/baseline.txt")).exists();
        assertThat(md).contains("## Per-class accuracy").contains("| arm | 1 class 1 | 2 class 2 | 3 class 3 |")
                .contains("## Where run 1 of each arm is wrong, fields-kfold").contains("![hybridsn / fields-kfold](maps/hybridsn-fields-kfold-seed1.png)");
        assertThat(javax.imageio.ImageIO.read(dir.resolve("study/maps/svm-rbf-random-seed1.png").toFile()).getWidth()).isGreaterThan(100);
        // the training curves, mean over the runs, from each run's metrics.csv
        double[][] curve = StudyCurves.mean(dir.resolve("study"), "cnn2d / random", 2);
        double loss1 = 0;
        for (int s = 1; s <= 2; s++) {
            java.util.List<String> csv = Files.readAllLines(dir.resolve("study/cnn2d-random-seed" + s + "/metrics.csv"));
            loss1 += Double.parseDouble(csv.get(1).split(",")[1]) / 2;
        }
        assertThat(curve[0][0]).isCloseTo(loss1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(md).contains("## Training curves (mean over runs)").contains("| hybridsn / fields-kfold | 2 |");
        assertThat(rows.get(0).getAsJsonObject().getAsJsonArray("versusBaseline")).isEmpty();
        var vs = rows.get(2).getAsJsonObject().getAsJsonArray("versusBaseline");
        assertThat(vs).hasSize(3);
        var oa = vs.get(0).getAsJsonObject();
        double[] hybrid = Json.GSON.fromJson(rows.get(2).getAsJsonObject().get("oa"), double[].class);
        double[] cnn2d = Json.GSON.fromJson(rows.get(0).getAsJsonObject().get("oa"), double[].class);
        assertThat(oa.get("metric").getAsString()).isEqualTo("OA");
        assertThat(oa.get("meanDifference").getAsDouble())
                .isCloseTo((hybrid[0] - cnn2d[0] + hybrid[1] - cnn2d[1]) / 2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(oa.get("pairedTHolmP").getAsDouble()).isGreaterThanOrEqualTo(oa.get("pairedTP").getAsDouble());
        long modified = Files.getLastModifiedTime(dir.resolve("study/hybridsn-random-seed1/results.json")).toMillis();
        assertThat(Main.run(args)).isEqualTo(0);
        assertThat(Files.getLastModifiedTime(dir.resolve("study/hybridsn-random-seed1/results.json")).toMillis())
                .as("a finished run is not run again").isEqualTo(modified);
        // a finished run with other settings than the study's is refused, the difference named, nothing rewritten
        String[] other = studyArgs("hsi-2d-vs-3d", 2, 3, "study");
        dev.prism.cli.CliRun refused = dev.prism.cli.CliRun.of(other);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("holds a finished run with other settings than this study's (train.epochs: 2 in the run, 3 now)");
        assertThat(Files.getLastModifiedTime(dir.resolve("study/hybridsn-random-seed1/results.json")).toMillis()).isEqualTo(modified);
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
        assertThat(md).contains("| hybridsn-cbam / random | hybridsn-cbam | random | 1 |").contains("| hybridsn-sa / random | hybridsn-sa | random | 1 |")
                .contains("| hybridsn / disjoint | hybridsn | disjoint | 0 | impossible on this data: the labelled pixels of")
                .contains("| hybridsn-cbam / random | hybridsn / random | 1 |")
                .doesNotContain("| hybridsn-se / disjoint | hybridsn / disjoint |");
        JsonArray rows = Json.GSON.fromJson(Files.readString(dir.resolve("attention/study.json")), JsonArray.class);
        assertThat(rows.size()).isEqualTo(8);
        assertThat(rows.get(4).getAsJsonObject().get("impossible").getAsString()).contains("too small for a spatially disjoint split");
        assertThat(rows.get(0).getAsJsonObject().get("impossible").isJsonNull()).as("possible protocols carry impossible: null").isTrue();
    }

    /**
     * hsi-repeat as a crossed design under both protocols, seed-major: variance components per
     * protocol, the repeated cell, the reference recipe compared run by run; and a second study
     * takes over exactly the runs it would repeat.
     */
    @Test
    void repeatIsACrossedDesign() throws Exception {
        TestScenes.write(dir, 20, 24, 16, 3, 8);
        String[] args = studyArgs("hsi-repeat", 2, 1, "repeat", "--model", "cnn2d");
        dev.prism.cli.CliRun run = dev.prism.cli.CliRun.of(args);
        assertThat(run.code()).as(run.err()).isEqualTo(0);
        String md = Files.readString(dir.resolve("repeat/study.md"));
        assertThat(md).contains("## Variance components of OA, random (2 split seeds x 2 initialisation seeds, one run each)")
                .contains("## Variance components of OA, fields-kfold (2 split seeds x 2 initialisation seeds")
                .contains("| split seed | 1 |").contains("| residual (interaction + run-to-run noise) | 1 |")
                .contains("| nothing varies (first cell repeated) / random | cnn2d | random | 2 |")
                .contains("| PyTorch reference recipe, split seed 1 / random | split seed 1 / random | 2 | ");
        // the grid is what the table holds: run j of row i has split seed i and training seed j
        HsiConfig cell = RunFolder.config(dir.resolve("repeat/split-seed-2-random-seed1"), HsiConfig.class);
        assertThat(cell.splitSeed()).isEqualTo(2L);
        assertThat(cell.train().seed()).isEqualTo(1L);
        // seed-major: the first arm's second run comes after every arm's first run
        String log = run.out();
        assertThat(log.indexOf("split seed 1 / random, run 2/2"))
                .isGreaterThan(log.indexOf("nothing varies (first cell repeated) / fields-kfold, run 1/2"));

        // a second study takes over every run it would repeat exactly; repeats of one run only one for one, run i from run i
        String[] again = studyArgs("hsi-repeat", 2, 1, "repeat2", "--model", "cnn2d", "--reuse", dir.resolve("repeat").toString());
        dev.prism.cli.CliRun second = dev.prism.cli.CliRun.of(again);
        assertThat(second.code()).as(second.err()).isEqualTo(0);
        assertThat(second.out()).contains("split seed 1 / random, run 1: reused").contains("split seed 2 / fields-kfold, run 2: reused")
                .contains("nothing varies (first cell repeated) / random, run 2: reused").doesNotContain("run 1/2 -> ");
        for (String r : java.util.List.of("split-seed-2-random-seed1", "split-seed-2-fields-kfold-seed2",
                "nothing-varies-first-cell-repeated-random-seed1", "nothing-varies-first-cell-repeated-random-seed2")) {
            assertThat(dir.resolve("repeat2").resolve(r).resolve(RunReuse.MARKER)).as(r).exists();
            assertThat(Files.readString(dir.resolve("repeat2").resolve(r).resolve(RunReuse.MARKER)))
                    .contains(dir.resolve("repeat").resolve(r).toString());
            assertThat(Files.readString(dir.resolve("repeat2").resolve(r).resolve("results.json")))
                    .isEqualTo(Files.readString(dir.resolve("repeat").resolve(r).resolve("results.json")));
        }
        assertThat(Files.readString(dir.resolve("repeat2/study.md"))).contains("16 of these runs were taken over from earlier studies");

        // nothing is taken over when the data changed since (or the settings differ)
        HsiConfig base = RunFolder.config(dir.resolve("repeat/split-seed-1-random-seed1"), HsiConfig.class);
        java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        assertThat(RunReuse.adopt(StudyArms.repeat(base, 2), 2, dir.resolve("repeat3"), java.util.List.of(dir.resolve("repeat")), quiet)).isEqualTo(16);
        assertThat(RunReuse.adopt(StudyArms.repeat(base.withTrain(base.train().withEpochs(2)), 2), 2, dir.resolve("repeat4"),
                java.util.List.of(dir.resolve("repeat")), quiet)).isZero();
        // repeats are never taken from runs that were not repeats: one run may not stand for several
        Path lone = dir.resolve("lone");
        Files.createDirectories(lone);
        dev.prism.io.FileTrees.copy(dir.resolve("repeat/nothing-varies-first-cell-repeated-random-seed1"), lone.resolve("some-run-seed1"), p -> true);
        dev.prism.io.FileTrees.copy(dir.resolve("repeat/nothing-varies-first-cell-repeated-random-seed2"), lone.resolve("other-run-seed2"), p -> true);
        Study.Arm same = StudyArms.repeat(base, 2).get(2);
        assertThat(RunReuse.adopt(java.util.List.of(same), 2, dir.resolve("repeat6"), java.util.List.of(lone), quiet))
                .as("two runs with the same settings in one study are repeats: run 1 from run 1, run 2 from run 2").isEqualTo(2);
        Files.delete(lone.resolve("other-run-seed2/results.json"));
        assertThat(RunReuse.adopt(java.util.List.of(same), 2, dir.resolve("repeat7"), java.util.List.of(lone), quiet))
                .as("a single run with those settings is not a repeat").isZero();
        TestScenes.write(dir, 20, 24, 16, 3, 9);
        assertThat(RunReuse.adopt(StudyArms.repeat(base, 2), 2, dir.resolve("repeat5"), java.util.List.of(dir.resolve("repeat")), quiet)).isZero();
    }
}
