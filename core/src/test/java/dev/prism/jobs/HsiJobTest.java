package dev.prism.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.prism.cli.CliRun;
import dev.prism.cli.Main;
import dev.prism.data.hsi.TestScenes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a small learnable scene written as real MATLAB files: train, kill the process
 * mid-way, resume, evaluate; maps, masks, report and provenance on disk.
 */
class HsiJobTest {

    @TempDir
    Path dir;

    private List<String> args(Path out, int epochs) {
        List<String> a = TestScenes.trainArgs(dir, out, epochs, 32);
        a.addAll(a.indexOf("--epochs"), List.of("--train", "0.3"));
        return a;
    }

    @BeforeEach
    void scene() throws Exception {
        TestScenes.write(dir, 24, 30, 16, 3, 5);
    }

    private static JsonObject results(Path run) throws Exception {
        return Json.GSON.fromJson(Files.readString(run.resolve("results.json")), JsonObject.class);
    }

    @Test
    void trainKillResumeEvaluate() throws Exception {
        Path straight = dir.resolve("straight");
        assertThat(Main.run(args(straight, 6).toArray(String[]::new))).isEqualTo(0);
        JsonObject r = results(straight);
        double oa = r.getAsJsonObject("test").get("oa").getAsDouble();
        assertThat(oa).as("OA on a learnable 3-class scene").isGreaterThan(85);
        assertThat(r.get("collapsed").getAsBoolean()).isFalse();
        for (String f : List.of("config.json", "provenance.json", "metrics.csv", "metrics.jsonl", "loss.png", "accuracy.png",
                "map-prediction.png", "map-prediction-labelled.png", "map-ground-truth.png", "map-errors.png",
                "map-false-colour.png", "split-mask.png", "split-mask.npy", "split.txt", "confusion.csv", "confusion.png", "report.md")) {
            assertThat(straight.resolve(f)).as(f).isNotEmptyFile();
        }
        var engine = com.google.gson.JsonParser.parseString(Files.readString(straight.resolve("provenance.json")))
                .getAsJsonObject().getAsJsonObject("engine");
        assertThat(Files.readString(straight.resolve("provenance.json"))).contains("dataChecksum").contains("\"seed\": 3");
        assertThat(engine.get("input_memory_format").getAsString()).isEqualTo(dev.prism.engine.EngineCheck.check().layout().describe());
        assertThat(engine.get("self_check").getAsString()).startsWith(dev.prism.engine.EngineCheck.check().layout().describe())
                .contains("self-check of ");
        assertThat(engine.get("cpu").getAsString()).isEqualTo(dev.prism.engine.CpuInfo.current().describe());
        assertThat(engine.get("native_ops").getAsString()).startsWith(dev.prism.nn.TorchOps.available() ? "libtorch hardtanh" : "off (");
        assertThat(engine.get("malloc").getAsString()).startsWith("retain freed memory");
        assertThat(Files.readString(straight.resolve("split.txt"))).contains("total").contains("train");

        // the same run in another process, killed after its second epoch, then resumed here
        Path killed = dir.resolve("killed");
        List<String> cmd = dev.prism.cli.CliProcess.command(List.of(), args(killed, 6).toArray(String[]::new));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        Path metrics = killed.resolve("metrics.csv");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < deadline && (!Files.exists(metrics) || Files.readAllLines(metrics).size() < 3)) {
            Thread.sleep(100);
        }
        p.destroyForcibly().waitFor();
        int done = Files.readAllLines(metrics).size() - 1;
        assertThat(done).as("epochs completed before the kill").isBetween(2, 5);
        assertThat(killed.resolve("results.json")).doesNotExist();
        assertThat(Main.run("train", "--resume", killed.toString())).isEqualTo(0);
        List<String> straightCsv = Files.readAllLines(straight.resolve("metrics.csv"));
        List<String> killedCsv = Files.readAllLines(killed.resolve("metrics.csv"));
        assertThat(alignTimes(straightCsv, killedCsv)).as("resumed run's metrics, timing aside").isEqualTo(killedCsv);
        assertThat(results(killed).getAsJsonObject("test").get("oa").getAsDouble()).isEqualTo(oa);

        // eval rebuilds the data from config and seed and finds the same figures
        assertThat(Main.run("eval", "--run", straight.toString())).isEqualTo(0);
        assertThat(results(straight).getAsJsonObject("test").get("oa").getAsDouble()).isEqualTo(oa);
        // and on ONNX Runtime (the run's export classifying every window) the same test figures
        assertThat(Main.run("eval", "--run", straight.toString(), "--engine", "onnxruntime")).isEqualTo(0);
        assertThat(results(straight).getAsJsonObject("test").get("oa").getAsDouble()).isEqualTo(oa);
        assertThat(results(straight).get("inferenceEngine").getAsString()).contains("onnxruntime");
        // a cached export is checked before use: a damaged one is rebuilt, with a line saying so, and the figures stay the run's
        Path cached;
        try (var files = java.nio.file.Files.list(straight.resolve("onnx"))) {
            cached = files.filter(f -> f.toString().endsWith(".onnx")).findFirst().orElseThrow();
        }
        byte[] good = java.nio.file.Files.readAllBytes(cached);
        java.nio.file.Files.write(cached, java.util.Arrays.copyOf(good, good.length / 2));
        CliRun rebuilt = CliRun.of("eval", "--run", straight.toString(), "--engine", "onnxruntime");
        assertThat(rebuilt.code()).as(rebuilt.err()).isEqualTo(0);
        assertThat(rebuilt.out()).contains("the cached ONNX export").contains("does not load in ONNX Runtime").contains("rebuilding it");
        assertThat(results(straight).getAsJsonObject("test").get("oa").getAsDouble()).isEqualTo(oa);
        assertThat(java.nio.file.Files.readAllBytes(cached)).isEqualTo(good);
    }

    /** metrics.csv lines with the timing columns (seconds on) taken from {@code other}: only those may differ. */
    private static List<String> alignTimes(List<String> reference, List<String> other) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < reference.size(); i++) {
            String[] a = reference.get(i).split(",");
            String[] b = other.get(i).split(",");
            for (int k = 6; i > 0 && k < a.length; k++) {
                a[k] = b[k];
            }
            out.add(String.join(",", a));
        }
        return out;
    }

    @Test
    void badInputsGiveOneLineErrors() throws Exception {
        assertError(CliRun.of("train", "--resume", dir.toString()), "not a Prism run");
        List<String> tooBig = args(dir.resolve("x"), 1);
        tooBig.set(tooBig.indexOf("9"), "41");
        assertError(CliRun.of(tooBig.toArray(String[]::new)), "41");
        List<String> pca = args(dir.resolve("y"), 1);
        pca.set(pca.indexOf("13"), "17");
        assertError(CliRun.of(pca.toArray(String[]::new)), "17");
        assertError(CliRun.of("eval", "--run", dir.toString()), "not a Prism run");
        List<String> split = args(dir.resolve("z"), 1);
        split.addAll(List.of("--split", "checkerboard"));
        assertError(CliRun.of(split.toArray(String[]::new)), "--split must be 'random', 'fields', 'fields-kfold', 'disjoint' or 'disjoint-centre', got 'checkerboard'");
        List<String> fit = args(dir.resolve("w"), 1);
        fit.addAll(List.of("--pca-fit", "test"));
        assertError(CliRun.of(fit.toArray(String[]::new)), "--pca-fit must be 'all', 'train' or 'auto', got 'test'");
        assertError(CliRun.of("summary", "hybridsn", "--sweep", "alpha"), "--sweep applies to image models");
        for (String run : List.of("x", "y", "z", "w")) {
            assertThat(dir.resolve(run).resolve("checkpoints/last.safetensors")).as("nothing half-written for " + run).doesNotExist();
        }
    }

    /** A spectral baseline is fitted in one process: a master for it is refused before anything is read or written. */
    @Test
    void aSpectralBaselineIsNotSentToACluster() {
        HsiConfig svm = new HsiConfig("indian-pines", null, null, null, null, "svm-rbf", 0, false, dev.prism.data.hsi.PcaFit.AUTO, 25,
                dev.prism.data.hsi.SplitProtocol.RANDOM, 0.3, 0, dev.prism.train.Recipe.HSI.config(), DeviceChoice.CPU, null, 0, 0, null);
        Path out = dir.resolve("svm-on-spark");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HsiJob.run(svm, out, false, "test", System.out, "local[2]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--master: svm-rbf is a spectral baseline, fitted in one process");
        assertThat(out).doesNotExist();
    }

    private static void assertError(CliRun r, String message) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(r.err().strip().lines().count()).as("one line: %s", r.err()).isEqualTo(1);
    }
}
