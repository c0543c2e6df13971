package dev.prism.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.prism.SharedData;
import dev.prism.data.hsi.TestScenes;
import dev.prism.data.image.TestImages;
import dev.prism.io.SafeTensors;
import dev.prism.io.Tensor;
import dev.prism.jobs.RunFolder;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad inputs and faults of issue 18, each fed to the real command line: the exit code, the
 * one-line message, and what is left on disk. Every refusal is also a row of
 * {@code docs/errors.md}, which this test regenerates and compares (run with
 * {@code -Dprism.writeErrorsDoc=true} to rewrite it after a deliberate change), so the table
 * cannot drift from what Prism prints.
 */
class BadInputTest {

    @TempDir
    static Path dir;

    static Path hsiRun;
    static Path imageRun;

    /** Rows of docs/errors.md: section -> (bad input -> [exit code, message]). */
    private static final Map<String, Map<String, String[]>> ROWS = new TreeMap<>();

    @BeforeAll
    static void runs() throws Exception {
        TestScenes.write(dir, 24, 30, 16, 3, 5);
        hsiRun = dir.resolve("hsi-run");
        assertThat(Main.run(hsiArgs(hsiRun, "2").toArray(String[]::new))).isZero();
        Path cifar = dir.resolve("cifar");
        TestImages.writeCifar10(cifar, 10, 20, 1);
        imageRun = dir.resolve("image-run");
        assertThat(Main.run("train", "--task", "image", "--data", cifar.toString(), "--model", "plain20", "--epochs", "1",
                "--batch-size", "25", "--recipe", "seed", "--seed", "2", "--device", "cpu", "--out", imageRun.toString())).isZero();
    }

    static List<String> hsiArgs(Path out, String epochs, String... more) {
        List<String> a = TestScenes.trainArgs(dir, out, Integer.parseInt(epochs), 32);
        a.addAll(List.of(more));
        return a;
    }

    /** A fresh copy of a finished run, to damage or extend. */
    static Path copyOf(Path run, String name) throws IOException {
        Path to = dir.resolve(name);
        dev.prism.io.FileTrees.copy(run, to, p -> true);
        return to;
    }

    /** Runs the command line; checks exit code, a one-line message containing {@code fragment}, and records the row. */
    static CliRun refused(String section, String badInput, int code, String fragment, String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as("exit code of %s: %s%s", badInput, r.err(), r.out()).isEqualTo(code);
        String message = code == 1 ? firstFailLine(r.out()) : r.err().strip();
        assertThat(message).as(badInput).contains(fragment);
        assertThat(message.lines().count()).as("one line for %s: %s", badInput, message).isEqualTo(1);
        assertThat(r.err()).as("no stack trace for " + badInput).doesNotContain("\tat ").doesNotContain("Exception in");
        ROWS.computeIfAbsent(section, k -> new TreeMap<>()).put(badInput, new String[] {Integer.toString(code), message});
        return r;
    }

    private static String firstFailLine(String out) {
        return out.lines().filter(l -> l.startsWith("FAIL")).findFirst().orElse("(no FAIL line)");
    }

    // 1. no stack traces

    @Test
    void predictOnHyperspectralRun() {
        refused("1 one line, no stack trace", "`predict` given a hyperspectral run", 2, "is a hyperspectral run",
                "predict", "--run", hsiRun.toString(), "x.png");
    }

    @Test
    void mapAndOnnxExportInputs() throws Exception {
        Path other = dir.resolve("other-bands");
        Files.createDirectories(other);
        TestScenes.write(other, 20, 20, 12, 3, 9);
        refused("3 checked before anything is written", "`map` of a scene with another band count", 2,
                "has 12 bands but the run was trained on 16", "map", "--run", hsiRun.toString(), "--cube", other.resolve("cube.mat") + ":cube",
                "--out", dir.resolve("map-bands").toString());
        refused("3 checked before anything is written", "`map` with an image run", 2, "is an image run: a scene map needs a hyperspectral run",
                "map", "--run", imageRun.toString(), "--cube", dir.resolve("cube.mat") + ":cube", "--out", dir.resolve("map-image").toString());
        refused("3 checked before anything is written", "`map --engine` with an unknown engine", 2,
                "--engine must be 'auto', 'djl' or 'onnxruntime', got 'tpu'", "map", "--run", hsiRun.toString(), "--cube",
                dir.resolve("cube.mat") + ":cube", "--out", dir.resolve("map-engine").toString(), "--engine", "tpu");
        refused("3 checked before anything is written", "`map --master` without Prism's Spark module", 2,
                "--master 'local[2]' needs Prism's Spark module on the class path", "map", "--run", hsiRun.toString(), "--cube",
                dir.resolve("cube.mat") + ":cube", "--out", dir.resolve("map-master").toString(), "--master", "local[2]");
        assertThat(dir.resolve("map-master")).doesNotExist();
        refused("3 checked before anything is written", "`map --master` that is no Spark master", 2,
                "--master 'foo://x' is not a Spark master: use local, local[N] or local[*] (N >= 1 threads)", "map", "--run", hsiRun.toString(),
                "--cube", dir.resolve("cube.mat") + ":cube", "--out", dir.resolve("map-foo").toString(), "--master", "foo://x");
        refused("3 checked before anything is written", "`map --master local[0]`", 2, "--master 'local[0]' is not a Spark master", "map",
                "--run", hsiRun.toString(), "--cube", dir.resolve("cube.mat") + ":cube", "--out", dir.resolve("map-0").toString(),
                "--master", "local[0]");
        assertThat(dir.resolve("map-foo")).doesNotExist();
        refused("3 checked before anything is written", "`study --master` where no master listens", 2,
                "--master 'spark://127.0.0.1:1': no Spark master answers (127.0.0.1:1: Connection refused)", "study", "hsi-repeat",
                "--master", "spark://127.0.0.1:1", "--out", dir.resolve("study-unreachable").toString());
        assertThat(dir.resolve("study-unreachable")).as("nothing written").doesNotExist();
        refused("3 checked before anything is written", "`study --reuse` of a run folder", 2, "is a run folder, not a study's", "study",
                "hsi-repeat", "--cube", dir.resolve("cube.mat") + ":cube", "--gt", dir.resolve("gt.mat") + ":gt", "--reuse", hsiRun.toString(),
                "--out", dir.resolve("study-reuse-run").toString());
        Files.createDirectories(dir.resolve("no-study"));
        refused("3 checked before anything is written", "`study --reuse` of a folder without finished runs", 2,
                "holds no finished run of a study: give the --out folder of an earlier study", "study", "hsi-repeat", "--cube",
                dir.resolve("cube.mat") + ":cube", "--gt", dir.resolve("gt.mat") + ":gt", "--reuse", dir.resolve("no-study").toString(),
                "--out", dir.resolve("study-reuse-none").toString());
        assertThat(dir.resolve("study-reuse-run")).doesNotExist();
        refused("3 checked before anything is written", "`study --master` with an empty master", 2,
                "--master must name a Spark master (local[2], spark://HOST:PORT), got ''", "study", "hsi-repeat", "--master", "",
                "--out", dir.resolve("study-master").toString());
        refused("3 checked before anything is written", "`study --reuse` a folder that does not exist", 2,
                "the study folder to reuse runs from, " + dir.resolve("no-such-study") + ", does not exist", "study", "hsi-repeat",
                "--reuse", dir.resolve("no-such-study").toString(), "--out", dir.resolve("study-reuse").toString());
        assertThat(dir.resolve("study-reuse")).doesNotExist();
        refused("4 nothing silently ignored", "`study se-vs-plain --reuse`", 2,
                "--reuse takes runs of hyperspectral studies only; se-vs-plain trains its own", "study", "se-vs-plain", "--data",
                dir.toString(), "--reuse", dir.toString(), "--out", dir.resolve("study-reuse-image").toString());
        assertThat(dir.resolve("study-reuse-image")).doesNotExist();
        refused("4 nothing silently ignored", "`export-onnx --run` with a model option", 2, "--window does not apply with --run",
                "export-onnx", "--run", hsiRun.toString(), "--window", "11", "--out", dir.resolve("x.onnx").toString());
        refused("3 checked before anything is written", "`export-onnx --out` not ending in .onnx", 2, "must end in .onnx",
                "export-onnx", "--model", "resnet20", "--out", dir.resolve("x.bin").toString());
        assertThat(dir.resolve("map-bands")).doesNotExist();
        assertThat(dir.resolve("map-image")).doesNotExist();
    }

    @Test
    void corruptConfigOnResumeAndEval() throws Exception {
        Path run = copyOf(hsiRun, "corrupt-config");
        Files.writeString(run.resolve("config.json"), "{\"task\": \"hsi\", \"model\": ");
        refused("1 one line, no stack trace", "`train --resume` of a run with a corrupt config.json", 2, "config.json is not valid JSON",
                "train", "--resume", run.toString(), "--epochs", "5");
        refused("1 one line, no stack trace", "`eval` of a run with a corrupt config.json", 2, "config.json is not valid JSON",
                "eval", "--run", run.toString());
    }

    /** A folder another Prism process is writing: refused with the holder named, whatever the command; nothing written. */
    @Test
    void aFolderInUseIsRefusedWithItsHolderNamed() throws Exception {
        Path busy = dir.resolve("busy");
        try (RunFolder holder = RunFolder.lock(busy)) {
            String who = "process " + ProcessHandle.current().pid() + " since ";
            refused("5 run folders protected", "`train --out` a folder another run is writing", 2,
                    "is in use by another Prism run (" + who, hsiArgs(busy, "1").toArray(String[]::new));
            refused("5 run folders protected", "`study --out` a folder another study is writing", 2,
                    "is in use by another Prism run (" + who, "study", "hsi-repeat", "--runs", "1", "--cube", dir.resolve("cube.mat") + ":cube",
                    "--gt", dir.resolve("gt.mat") + ":gt", "--out", busy.toString());
        }
        try (Stream<Path> left = Files.list(busy)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(".lock");
        }
    }

    @Test
    void aStudyIntoARunFolderAndAResumeWithoutCheckpoints() throws Exception {
        refused("5 run folders protected", "`study --out` a train run's folder", 2, "is a run folder, not a study's",
                "study", "hsi-repeat", "--out", hsiRun.toString());
        Path lost = copyOf(hsiRun, "lost-checkpoints");
        dev.prism.io.FileTrees.delete(lost.resolve("checkpoints"));
        refused("4 nothing silently ignored", "`train --resume` of a run whose checkpoints were deleted", 2,
                "records 2 trained epochs but holds no checkpoint to continue from", "train", "--resume", lost.toString(), "--epochs", "3");
    }

    /** The map's own inputs, and messages that name what the user gave (never a temporary file). */
    @Test
    void mapValuesTilesAndMessages() throws Exception {
        Path inf = TestScenes.npyWith(dir, dir.resolve("inf.npy"), 5, 3, 2, Float.POSITIVE_INFINITY);
        refused("1 one line, no stack trace", "`map` of a cube with an infinite value", 2,
                "inf.npy: value Infinity at row 5, column 3, band 2 (0-based); the cube must be finite everywhere", "map", "--run",
                hsiRun.toString(), "--cube", inf.toString(), "--out", dir.resolve("map-inf").toString());
        assertThat(dir.resolve("map-inf")).as("the whole cube is checked before anything is written").doesNotExist();
        refused("3 checked before anything is written", "`map --tile-cols 0`", 2, "--tile-rows and --tile-cols must be >= 1, got 256 and 0",
                "map", "--run", hsiRun.toString(), "--cube", dir.resolve("cube.mat") + ":cube", "--out", dir.resolve("map-huge").toString(),
                "--tile-cols", "0");
        assertThat(dir.resolve("map-huge")).doesNotExist();
        CliRun proc = refused("7 clear messages", "`export-onnx --out` where no file can be written (/proc)", 2,
                "could not write /proc/prism-test.onnx: ", "export-onnx", "--model", "resnet20", "--out", "/proc/prism-test.onnx");
        assertThat(proc.err()).as("the file the user gave, not a temporary one").doesNotContain(".tmp");
        refused("7 clear messages", "`predict` given a folder as an image", 2, "is a folder, not an image: give image files (PNG or JPEG)",
                "predict", "--run", imageRun.toString(), dir.toString());
        CliRun help = CliRun.of("study", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out() + help.err()).as("help without picocli warnings").doesNotContain("WARN").contains("fields-kfold");
    }

    /**
     * The cases of the hostile round on studies, maps, caches and the launcher: a study over runs of
     * other settings, a map into a held folder, an ONNX cache replaced by another network's valid
     * export, a file where a folder belongs, and the launcher's check of --master.
     */
    @Test
    void cachedAndHeldStateIsNeverTrusted() throws Exception {
        // a study folder holding a finished run of other settings where the study's first run belongs
        Path study = dir.resolve("study-other");
        dev.prism.io.FileTrees.copy(hsiRun, study.resolve("split-seed-1-random-seed1"), p -> !p.getFileName().toString().equals(".lock"));
        refused("5 run folders protected", "`study` over a folder whose finished run has other settings", 2,
                "holds a finished run with other settings than this study's (device: \"cpu\" in the run, \"auto\" now)", "study",
                "hsi-repeat", "--runs", "1", "--model", "cnn2d", "--cube", dir.resolve("cube.mat") + ":cube", "--gt",
                dir.resolve("gt.mat") + ":gt", "--pca", "13", "--window", "9", "--out", study.toString());
        // a map into a folder another process holds
        Path held = dir.resolve("map-held");
        try (RunFolder holder = RunFolder.lock(held)) {
            refused("5 run folders protected", "`map --out` a folder another map is writing", 2,
                    "is in use by another Prism run (process " + ProcessHandle.current().pid() + " since ", "map", "--run", hsiRun.toString(),
                    "--cube", dir.resolve("cube.mat") + ":cube", "--out", held.toString());
        }
        refused("7 clear messages", "`map --out` a file", 2, "is a file, not a folder", "map", "--run", hsiRun.toString(), "--cube",
                dir.resolve("cube.mat") + ":cube", "--out", dir.resolve("cube.mat").toString());
        refused("7 clear messages", "`study --reuse` a file", 2, "is a file, not a folder: give the --out folder of an earlier study",
                "study", "hsi-repeat", "--reuse", dir.resolve("cube.mat").toString(), "--out", dir.resolve("study-reuse-file").toString());
        // the ONNX cache replaced by a valid export of another network (same shape, other weights): rebuilt, the figures the run's
        Path run = copyOf(hsiRun, "onnx-swapped");
        assertThat(Main.run("eval", "--run", run.toString(), "--engine", "onnxruntime")).isZero();
        double oa = JsonParser.parseString(Files.readString(run.resolve("results.json"))).getAsJsonObject().getAsJsonObject("test")
                .get("oa").getAsDouble();
        Path cached;
        try (Stream<Path> files = Files.list(run.resolve("onnx"))) {
            cached = files.filter(f -> f.toString().endsWith(".onnx")).findFirst().orElseThrow();
        }
        Files.delete(cached);
        assertThat(Main.run("export-onnx", "--model", "hybridsn", "--bands", "13", "--window", "9", "--classes", "3", "--seed", "99",
                "--out", cached.toString())).isZero();
        CliRun swapped = CliRun.of("eval", "--run", run.toString(), "--engine", "onnxruntime");
        assertThat(swapped.code()).as(swapped.err()).isZero();
        assertThat(swapped.out()).contains("the cached ONNX export").contains("away from its checkpoint's network").contains("rebuilding it");
        assertThat(JsonParser.parseString(Files.readString(run.resolve("results.json"))).getAsJsonObject().getAsJsonObject("test")
                .get("oa").getAsDouble()).isEqualTo(oa);
        // the launcher checks --master before it builds anything
        dev.prism.testing.Child launcher = dev.prism.testing.Child.run(new ProcessBuilder("bash", "prism", "map", "--master", ""),
                java.time.Duration.ofSeconds(30));
        assertThat(launcher.code()).isEqualTo(2);
        assertThat(launcher.out()).contains("prism: --master '' is not a Spark master").doesNotContain("building");
    }

    @Test
    void corruptLabelsOnPredict() throws Exception {
        Path run = copyOf(imageRun, "corrupt-labels");
        Files.writeString(run.resolve("labels.json"), "[1, 2");
        refused("1 one line, no stack trace", "`predict` with a corrupt labels.json", 2, "labels.json is not valid JSON",
                "predict", "--run", run.toString(), "x.png");
    }

    @Test
    void badFixtures() throws Exception {
        JsonObject good = JsonParser.parseString(Files.readString(SharedData.golden("mobilenet_v1_0.5.json"))).getAsJsonObject();
        JsonObject label = good.deepCopy();
        label.getAsJsonArray("labels").set(0, new com.google.gson.JsonPrimitive(99));
        Path badLabel = write("label.json", label);
        JsonObject noEval = good.deepCopy();
        noEval.remove("eval_output");
        Path missing = write("no-eval.json", noEval);
        JsonObject nul = good.deepCopy();
        nul.getAsJsonArray("params").set(0, com.google.gson.JsonNull.INSTANCE);
        Path withNull = write("null.json", nul);
        JsonObject unknown = good.deepCopy();
        unknown.addProperty("model", "mobilenet_v9");
        Path unknownModel = write("unknown.json", unknown);
        refused("1 one line, no stack trace", "`verify` of a fixture with a label out of range", 1, "label 99 (sample 0) is outside",
                "verify", badLabel.toString());
        refused("1 one line, no stack trace", "`verify` of a fixture without eval_output", 1, "the field eval_output is missing",
                "verify", missing.toString());
        refused("7 clear messages", "`verify` of a fixture with a null", 1, "params entry 0 needs a name",
                "verify", withNull.toString());
        CliRun r = refused("7 clear messages", "`verify` of an unknown model among others (the batch goes on)", 1,
                "fixture model 'mobilenet_v9' is not one Prism knows", "verify", unknownModel.toString(), badLabel.toString());
        assertThat(r.out()).contains("FAIL " + unknownModel).contains("FAIL " + badLabel).contains("0 passed, 2 failed");
    }

    private static Path write(String name, JsonObject json) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, json.toString());
        return p;
    }

    @Test
    void internalErrorsAreOneLineAndAskForAReport() {
        String line = Failures.oneLine(new NullPointerException());
        assertThat(line).startsWith("internal error: NullPointerException (at ").contains("--verbose").doesNotContain("\n");
        assertThat(Failures.isInputError(new NullPointerException())).isFalse();
        assertThat(Failures.oneLine(new java.nio.file.NoSuchFileException("/x/y"))).isEqualTo("file or folder not found: /x/y");
        assertThat(Failures.oneLine(new java.io.UncheckedIOException(new java.nio.file.AccessDeniedException("/z"))))
                .isEqualTo("permission denied: /z");
    }

    // 2. strict JSON

    @Test
    void runFilesAreStrictJson() throws Exception {
        for (Path run : List.of(hsiRun, imageRun)) {
            for (String f : List.of("results.json", "config.json", "provenance.json")) {
                assertStrict(Files.readString(run.resolve(f)), run.resolve(f).toString());
            }
            for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
                assertStrict(line, run.resolve("metrics.jsonl").toString());
            }
        }
        // no validation set: the validation metrics are undefined, and written as null
        String first = Files.readAllLines(hsiRun.resolve("metrics.jsonl")).get(0);
        assertThat(JsonParser.parseString(first).getAsJsonObject().get("valLoss").isJsonNull()).isTrue();
    }

    /** RFC 8259 only: Gson's reader in strict mode rejects NaN, Infinity and every other extension. */
    static void assertStrict(String json, String what) throws IOException {
        try (JsonReader r = new JsonReader(new StringReader(json))) {
            r.setLenient(false);
            r.skipValue();
            assertThat(r.peek()).as(what).isEqualTo(JsonToken.END_DOCUMENT);
        } catch (com.google.gson.stream.MalformedJsonException e) {
            throw new AssertionError(what + " is not strict JSON: " + e.getMessage(), e);
        }
        assertThat(json).as(what).doesNotContain("NaN").doesNotContain("Infinity");
    }

    // 3. validation before side effects, FAILED marker

    @Test
    void invalidOptionsWriteNothing() throws Exception {
        String s = "3 checked before anything is written";
        Path out = dir.resolve("never");
        refused(s, "`--device tpu`", 2, "--device must be 'auto' or 'cpu', got 'tpu'",
                replace(hsiArgs(out, "1"), "cpu", "tpu"));
        refused(s, "`--window 3` with HybridSN", 2, "window 3 is too small for", replace(hsiArgs(out, "1"), "9", "3"));
        refused(s, "`--pca 3` with HybridSN", 2, "bands 3 is too few", replace(hsiArgs(out, "1"), "13", "3"));
        Path one = dir.resolve("one-class");
        Files.createDirectories(one);
        TestScenes.write(one, 12, 12, 16, 1, 2);
        List<String> a = hsiArgs(out, "1");
        a.set(a.indexOf(dir.resolve("cube.mat") + ":cube"), one.resolve("cube.mat") + ":cube");
        a.set(a.indexOf(dir.resolve("gt.mat") + ":gt"), one.resolve("gt.mat") + ":gt");
        refused(s, "a ground truth with one class", 2, one.resolve("gt.mat") + ": only one class (label 1)", a.toArray(String[]::new));
        Path folder = dir.resolve("one-class-images");
        for (String part : List.of("train", "test")) {
            Files.createDirectories(folder.resolve(part).resolve("cat"));
            javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
                    folder.resolve(part).resolve("cat").resolve("a.png").toFile());
        }
        refused(s, "an image folder with one class", 2, "only one class ([cat])",
                "train", "--task", "image", "--data", folder.toString(), "--model", "plain20", "--out", out.toString());
        assertThat(out).as("no run folder after a refused option").doesNotExist();
    }

    private static String[] replace(List<String> args, String from, String to) {
        List<String> a = new ArrayList<>(args);
        a.set(a.indexOf(from), to);
        return a.toArray(String[]::new);
    }

    @Test
    void divergedRunSaysSoAndResumesWithALowerRate() throws Exception {
        String s = "3 checked before anything is written";
        Path run = dir.resolve("diverged");
        refused(s, "`--lr 1e6` (training diverges: the run is marked FAILED)", 2, "training loss became",
                hsiArgs(run, "1", "--lr", "1e6", "--clip-norm", "0", "--warmup", "0").toArray(String[]::new));
        assertThat(Files.readString(run.resolve(RunFolder.FAILED))).contains("training loss became");
        refused(s, "`eval` of a run that failed", 2, "stopped with an error and would stop again: training loss became",
                "eval", "--run", run.toString());
        refused(s, "`train --resume` of a run that failed, unchanged", 2, "stopped with an error and would stop again",
                "train", "--resume", run.toString());
        CliRun retry = CliRun.of("train", "--resume", run.toString(), "--lr", "0.001");
        assertThat(retry.code()).as(retry.err()).isZero();
        assertThat(retry.out()).contains("resuming " + run + " with lr 1000000.0 -> 0.001");
        assertThat(run.resolve(RunFolder.FAILED)).doesNotExist();
        assertThat(run.resolve("results.json")).isNotEmptyFile();
    }

    // 4. nothing silently ignored or accepted

    @Test
    void localSgdSettingsAreCheckedBeforeAnythingIsRead() throws Exception {
        String s = "4 nothing silently ignored";
        refused(s, "`train --master local[2]` without `--workers`", 2, "--master local[2] needs --workers N",
                "train", "--master", "local[2]", "--out", dir.resolve("no-workers").toString());
        refused(s, "`train --workers 0`", 2, "workers must be >= 1, got 0", "train", "--workers", "0", "--out",
                dir.resolve("zero-workers").toString());
        refused(s, "`train --local-steps 0`", 2, "local steps must be >= 1, got 0", "train", "--local-steps", "0", "--out",
                dir.resolve("zero-steps").toString());
        refused(s, "`train --resume RUN --workers 3`", 2, "--workers cannot change on resume",
                "train", "--resume", copyOf(hsiRun, "more-workers").toString(), "--epochs", "3", "--workers", "3");
        assertThat(dir.resolve("no-workers")).doesNotExist();
        assertThat(dir.resolve("zero-workers")).doesNotExist();
    }

    @Test
    void resumeExtendsAFinishedRunAndRefusesOtherChanges() throws Exception {
        String s = "4 nothing silently ignored";
        Path run = copyOf(hsiRun, "extended");
        refused(s, "`train --resume` of a finished run without `--epochs`", 2, "is finished (2 epochs): nothing to resume",
                "train", "--resume", run.toString());
        refused(s, "`train --resume RUN --epochs 2` (not more than done)", 2, "--epochs 2 is not more than the 2 epochs",
                "train", "--resume", run.toString(), "--epochs", "2");
        refused(s, "`train --resume RUN --model cnn2d --seed 4`", 2, "--model, --seed cannot change on resume",
                "train", "--resume", run.toString(), "--model", "cnn2d", "--seed", "4");
        CliRun r = CliRun.of("train", "--resume", run.toString(), "--epochs", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("epochs 2 -> 3");
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        assertThat(csv).hasSize(4);
        assertThat(csv.subList(0, 3)).as("the first two epochs are the original run's").isEqualTo(
                Files.readAllLines(hsiRun.resolve("metrics.csv")));
        JsonObject results = JsonParser.parseString(Files.readString(run.resolve("results.json"))).getAsJsonObject();
        assertThat(results.get("epochs").getAsInt()).isEqualTo(3);
        double seconds = csv.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[6])).sum();
        assertThat(results.get("trainSeconds").getAsDouble()).as("training time over both processes").isCloseTo(seconds,
                org.assertj.core.api.Assertions.within(0.05));
        assertThat(run.resolve("resumes.jsonl")).content().contains("\"epochs\":3");
    }

    @Test
    void conflictingAndOutOfRangeOptions() {
        String s = "4 nothing silently ignored";
        Path out = dir.resolve("never2");
        refused(s, "`--scene` with `--cube` (picocli's argument group)", 2,
                "--scene=NAME, --cube=FILE[:KEY] are mutually exclusive (specify only one) (see prism train --help)",
                hsiArgs(out, "1", "--scene", "salinas").toArray(String[]::new));
        refused(s, "`--data` with `--cube`", 2, "--data does not apply with --cube",
                hsiArgs(out, "1", "--data", dir.toString()).toArray(String[]::new));
        refused(s, "`--train-limit` with `--task hsi`", 2, "--train-limit does not apply with --task hsi",
                hsiArgs(out, "1", "--train-limit", "5").toArray(String[]::new));
        refused(s, "`--pca -3`", 2, "--pca must be >= 0 components", replace(hsiArgs(out, "1"), "13", "-3"));
        refused(s, "`--train 1.5`", 2, "--train must be a fraction in (0, 1) or a whole number of pixels per class >= 1, got 1.5",
                hsiArgs(out, "1", "--train", "1.5").toArray(String[]::new));
        refused(s, "`--init xavier`", 2, "--init must be 'family' or 'pytorch', got 'xavier'",
                hsiArgs(out, "1", "--init", "xavier").toArray(String[]::new));
        refused(s, "`--patience abc` (picocli's refusals are one line too)", 2,
                "Invalid value for option '--patience': 'abc' is not an int (see prism train --help)",
                hsiArgs(out, "1", "--patience", "abc").toArray(String[]::new));
        refused(s, "an unknown option", 2, "Unknown option: '--windw=9' (see prism train --help)",
                hsiArgs(out, "1", "--windw=9").toArray(String[]::new));
        refused(s, "`--split checkerboard`", 2, "--split must be 'random', 'fields', 'fields-kfold', 'disjoint' or 'disjoint-centre',"
                + " got 'checkerboard' (see prism train --help)", hsiArgs(out, "1", "--split", "checkerboard").toArray(String[]::new));
        refused(s, "`--gap-window 7` (narrower than the window)", 2, "--gap-window must be odd and at least the window (9): a narrower"
                + " gap would let test windows hold training pixels; got 7", hsiArgs(out, "1", "--split", "fields", "--gap-window", "7")
                .toArray(String[]::new));
        refused(s, "`--gap-window` with `--split random`", 2, "--gap-window does not apply with --split random (it has no gap)",
                hsiArgs(out, "1", "--gap-window", "25").toArray(String[]::new));
        refused(s, "`--momentum 2`", 2, "--momentum must be in [0, 1), got 2.0", hsiArgs(out, "1", "--momentum", "2").toArray(String[]::new));
        refused(s, "`--val 1`", 2, "--val must be a fraction in [0, 1), got 1.0", hsiArgs(out, "1", "--val", "1").toArray(String[]::new));
        refused("7 clear messages", "`--weight-decay -1` (each option named alone)", 2, "--weight-decay must be >= 0, got -1",
                hsiArgs(out, "1", "--weight-decay", "-1").toArray(String[]::new));
        refused("7 clear messages", "`--patience -2`", 2, "--patience must be >= 0, got -2",
                hsiArgs(out, "1", "--patience", "-2").toArray(String[]::new));
        assertThat(out).doesNotExist();
    }

    @Test
    void importWeightsChecksValuesTypesAndLayout() throws Exception {
        String s = "4 nothing silently ignored";
        Path exported = dir.resolve("hsi.safetensors");
        assertThat(Main.run("export-weights", "--model-dir", hsiRun.toString(), "--to", exported.toString())).as("a run folder exports").isZero();
        Map<String, Tensor> tensors = SafeTensors.read(exported);
        String first = tensors.keySet().iterator().next();
        String[] model = {"import-weights", "--model", "hybridsn", "--classes", "3", "--bands", "13", "--window", "9"};

        Map<String, Tensor> nan = new LinkedHashMap<>(tensors);
        float[] v = nan.get(first).data().clone();
        v[1] = Float.NaN;
        nan.put(first, new Tensor(nan.get(first).shape(), v));
        refused(s, "`import-weights` of a tensor holding NaN", 2, "tensor '" + first + "' holds 1 NaN or infinite value",
                concat(model, "--from", writeTensors("nan.safetensors", nan, Map.of()).toString(), "--out", dir.resolve("w1").toString()));
        refused(s, "`import-weights` of an I32 tensor", 2, "tensor '" + first + "' is I32 (integers)",
                concat(model, "--from", writeTensors("i32.safetensors", tensors, Map.of(first, "I32")).toString(), "--out", dir.resolve("w2").toString()));
        Path overlapping = writeTensors("overlap.safetensors", tensors, Map.of(), true);
        refused(s, "`import-weights` of overlapping safetensors data_offsets", 2, "share bytes: the file is damaged",
                concat(model, "--from", overlapping.toString(), "--out", dir.resolve("w3").toString()));
        CliRun f16 = CliRun.of(concat(model, "--from", writeTensors("bf16.safetensors", tensors, Map.of(first, "BF16")).toString(),
                "--out", dir.resolve("w4").toString()));
        assertThat(f16.code()).as(f16.err()).isZero();
        assertThat(f16.out()).contains("converted to float32: 1 BF16 tensor(s)");
        CliRun wrong = refused("7 clear messages", "`import-weights` of another architecture's weights (summarised)", 2,
                "these weights are of another architecture or options", "import-weights", "--model", "mobilenet-v1", "--alpha", "0.25",
                "--from", exported.toString(), "--out", dir.resolve("w5").toString());
        assertThat(wrong.err().length()).as("summarised, not one tensor per line").isLessThan(1200);
        for (String w : List.of("w1", "w2", "w3", "w5")) {
            assertThat(dir.resolve(w)).doesNotExist();
        }
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    private static Path writeTensors(String name, Map<String, Tensor> tensors, Map<String, String> dtypes) throws IOException {
        return writeTensors(name, tensors, dtypes, false);
    }

    /** A safetensors file with chosen dtypes per tensor (F32 default, F16, I32); {@code overlap} makes the second tensor start inside the first. */
    private static Path writeTensors(String name, Map<String, Tensor> tensors, Map<String, String> dtypes, boolean overlap) throws IOException {
        JsonObject header = new JsonObject();
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        long offset = 0;
        int i = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String dtype = dtypes.getOrDefault(e.getKey(), "F32");
            float[] values = e.getValue().data();
            int width = dtype.equals("BF16") ? 2 : 4;
            ByteBuffer b = ByteBuffer.allocate(values.length * width).order(ByteOrder.LITTLE_ENDIAN);
            for (float x : values) {
                switch (dtype) {
                    case "BF16" -> b.putShort((short) (Float.floatToIntBits(x) >>> 16));
                    case "I32" -> b.putInt((int) x);
                    default -> b.putFloat(x);
                }
            }
            long begin = overlap && i == 1 ? offset - 4 : offset;
            JsonObject info = new JsonObject();
            info.addProperty("dtype", dtype);
            JsonArray shape = new JsonArray();
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            info.add("shape", shape);
            JsonArray off = new JsonArray();
            off.add(begin);
            off.add(begin + b.capacity());
            info.add("data_offsets", off);
            header.add(e.getKey(), info);
            if (!(overlap && i == 1)) {
                data.write(b.array());
                offset += b.capacity();
            } else {
                offset = begin + b.capacity();
                byte[] all = data.toByteArray();
                data.reset();
                data.write(all, 0, all.length - 4);
                data.write(b.array());
            }
            i++;
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        Path p = dir.resolve(name);
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(data.toByteArray());
        Files.write(p, out.array());
        return p;
    }

    // 5. run folders protected

    @Test
    void runFoldersAreProtected() throws Exception {
        String s = "5 run folders protected";
        Path run = copyOf(hsiRun, "protected");
        long before = Files.getLastModifiedTime(run.resolve("results.json")).toMillis();
        refused(s, "`--out` holding a finished run", 2, "already holds a finished run", hsiArgs(run, "1").toArray(String[]::new));
        assertThat(Files.getLastModifiedTime(run.resolve("results.json")).toMillis()).isEqualTo(before);
        Path foreign = dir.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("thesis.tex"), "keep me");
        refused(s, "`--out` holding other files, even with `--overwrite`", 2, "holds files that are not a Prism run",
                hsiArgs(foreign, "1", "--overwrite").toArray(String[]::new));
        assertThat(foreign.resolve("thesis.tex")).hasContent("keep me");
        try (RunFolder held = RunFolder.lock(dir.resolve("busy"))) {
            refused(s, "`--out` a folder another run is writing", 2, "is in use by another Prism run (process ",
                    hsiArgs(dir.resolve("busy"), "1").toArray(String[]::new));
        }
        CliRun r = CliRun.of(hsiArgs(run, "1", "--overwrite").toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(run.resolve("metrics.csv"))).as("a fresh one-epoch run").hasSize(2);
    }

    @Test
    void theDefaultRunFolderIsNeverAnExistingRun() throws Exception {
        Path base = dir.resolve("defaults").resolve("2026-11-30-hsi-hybridsn-seed42");
        assertThat(OutFolder.freeDefault(base)).isEqualTo(base);
        copyOf(hsiRun, "defaults/2026-11-30-hsi-hybridsn-seed42");
        Files.createDirectories(dir.resolve("defaults/2026-11-30-hsi-hybridsn-seed42-2"));
        Files.writeString(dir.resolve("defaults/2026-11-30-hsi-hybridsn-seed42-2/notes.txt"), "x");
        assertThat(OutFolder.freeDefault(base)).as("a run and a folder of other files are both skipped")
                .isEqualTo(dir.resolve("defaults/2026-11-30-hsi-hybridsn-seed42-3"));
    }

    // 6. traceability

    @Test
    void evalRefusesChangedData() throws Exception {
        String s = "6 traceability";
        Path other = dir.resolve("changed-scene");
        Files.createDirectories(other);
        TestScenes.write(other, 24, 30, 16, 3, 6);
        Path run = copyOf(hsiRun, "changed");
        Files.copy(other.resolve("cube.mat"), dir.resolve("cube-changed.mat"));
        String config = Files.readString(run.resolve("config.json")).replace(dir.resolve("cube.mat").toString(),
                dir.resolve("cube-changed.mat").toString());
        Files.writeString(run.resolve("config.json"), config);
        refused(s, "`eval` when the scene file changed since training", 2, "the data differs from the data",
                "eval", "--run", run.toString());
        CliRun allowed = CliRun.of("eval", "--run", run.toString(), "--allow-changed-data");
        assertThat(allowed.code()).as(allowed.err()).isZero();
        assertThat(allowed.out()).contains("WARNING: the data differs");
    }

    // 7. clear messages

    @Test
    void filesAndFoldersAreNamed() throws Exception {
        String s = "7 clear messages";
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        refused(s, "`--out` an existing file", 2, "--out " + file + " is a file, not a folder", hsiArgs(file, "1").toArray(String[]::new));
        refused(s, "`--out` under /proc", 2, "cannot be created: /proc is not writable", hsiArgs(Path.of("/proc/prism-run"), "1").toArray(String[]::new));
        refused(s, "`predict` of a missing run", 2, "no run at " + dir.resolve("nowhere"),
                "predict", "--run", dir.resolve("nowhere").toString(), "x.png");
        Path truncated = dir.resolve("truncated.mat");
        byte[] cube = Files.readAllBytes(dir.resolve("cube.mat"));
        Files.write(truncated, java.util.Arrays.copyOf(cube, cube.length / 2));
        refused(s, "a truncated .mat", 2, truncated + ": not a readable MATLAB v5 file", cubeArgs(truncated + ":cube"));
        Path empty = dir.resolve("empty.mat");
        Files.write(empty, new byte[0]);
        refused(s, "an empty .mat", 2, empty + " is empty (0 bytes)", cubeArgs(empty.toString()));
        Path objects = dir.resolve("objects.npy");
        Files.write(objects, npyHeader("|O", "(3, 4, 5)"));
        refused(s, "an object-dtype .npy", 2, objects + ": unsupported dtype '|O' (Python objects)", cubeArgs(objects.toString()));
        refused(s, "a folder as `--cube`", 2, dir + " is a folder, not a file", cubeArgs(dir.toString()));
        refused(s, "a `--cube` FILE:KEY whose file is missing", 2, "was read as FILE:KEY, file '" + dir.resolve("my") + "', key 'cube.mat'",
                cubeArgs(dir.resolve("my") + ":cube.mat"));
        Path colon = dir.resolve("scene:v2.mat");
        Files.copy(dir.resolve("cube.mat"), colon);
        CliRun named = CliRun.of(replace(hsiArgs(dir.resolve("colon-run"), "1"), dir.resolve("cube.mat") + ":cube", colon.toString()));
        assertThat(named.code()).as("a file name with ':' that exists is read whole: " + named.err()).isZero();
    }

    private static String[] cubeArgs(String cube) {
        return replace(hsiArgs(dir.resolve("never3"), "1"), dir.resolve("cube.mat") + ":cube", cube);
    }

    private static byte[] npyHeader(String descr, String shape) {
        String h = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        h = h + " ".repeat(63 - h.length() % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + h.length() + 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) h.length())
                .put(h.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    // 9. noise

    @Test
    void fullStandardOutputIsAnError() throws Exception {
        List<String> cmd = CliProcess.command(List.of(), "models");
        dev.prism.testing.Child c = dev.prism.testing.Child.run(new ProcessBuilder(cmd).redirectOutput(new java.io.File("/dev/full")),
                java.time.Duration.ofMinutes(2));
        String err = c.out();
        assertThat(c.code()).as(err).isEqualTo(Main.EXIT_OUTPUT);
        assertThat(err.strip()).startsWith("prism: could not write the output");
    }

    private static int passed;

    @org.junit.jupiter.api.AfterEach
    void count(org.junit.jupiter.api.TestInfo info) {
        passed++; // JUnit runs @AfterEach after a failed test too: a failure fails the build anyway
    }

    @AfterAll
    static void errorsDoc() throws IOException {
        StringBuilder md = new StringBuilder();
        for (Map.Entry<String, Map<String, String[]>> section : ROWS.entrySet()) {
            md.append("\n### ").append(section.getKey().substring(2)).append("\n\n| bad input | exit | message |\n|---|---|---|\n");
            section.getValue().forEach((input, row) -> md.append("| ").append(input).append(" | ").append(row[0]).append(" | `")
                    .append(normalise(row[1])).append("` |\n"));
        }
        Path doc = Path.of("docs", "errors.md");
        String text = Files.readString(doc);
        int a = text.indexOf(BEGIN);
        int b = text.indexOf(END);
        assertThat(a).as("docs/errors.md has the generated-table markers").isGreaterThanOrEqualTo(0);
        String current = text.substring(a + BEGIN.length(), b);
        long tests = Stream.of(BadInputTest.class.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class)).count();
        if (passed < tests) {
            return; // a partial or failed run: the table is only complete when every test passed
        }
        if (Boolean.getBoolean("prism.writeErrorsDoc")) {
            Files.writeString(doc, text.substring(0, a + BEGIN.length()) + md + "\n" + text.substring(b));
            return;
        }
        assertThat(current.strip()).as("docs/errors.md is out of date: rerun with -Dprism.writeErrorsDoc=true and review the diff")
                .isEqualTo(md.toString().strip());
    }

    static final String BEGIN = "<!-- generated by BadInputTest: do not edit below -->";
    static final String END = "<!-- end of generated table -->";

    /** Temporary paths, process ids and times replaced so that the table is the same on every run. */
    static String normalise(String message) {
        return message.replace(dir.toString(), "DIR").replaceAll("process \\d+ since \\S+\\)", "process N since TIME)")
                .replaceAll("checksum now [0-9a-f]+, recorded [0-9a-f]+", "checksum now ..., recorded ...")
                .replace("|", "\\|");
    }
}
