package dev.prism.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.prism.data.hsi.PatchSamples;
import dev.prism.data.hsi.Scene;
import dev.prism.data.hsi.SpectralTransform;
import dev.prism.data.hsi.TestScenes;
import dev.prism.jobs.HsiConfig;
import dev.prism.jobs.HsiData;
import dev.prism.jobs.RunFolder;
import dev.prism.jobs.TrainedRun;
import dev.prism.onnx.OnnxRuntimeModel;
import dev.prism.train.Inference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportOnnxCommandTest {

    @TempDir
    Path dir;

    /**
     * A trained hyperspectral run leaves the JVM: its ONNX model, fed windows cut from spectra
     * transformed by nothing but the sidecar's numbers, predicts what Prism predicts.
     */
    @Test
    void aHyperspectralRunExportsWithItsTransformAndPredictsAsPrismDoes() throws Exception {
        TestScenes.write(dir, 16, 16, 24, 3, 5);
        Path run = dir.resolve("run");
        CliRun trained = CliRun.of(TestScenes.trainArgs(dir, run, 2, 32).toArray(String[]::new));
        assertThat(trained.code()).as(trained.err()).isZero();
        Path onnx = dir.resolve("hybridsn.onnx");
        CliRun r = CliRun.of("export-onnx", "--run", run.toString(), "--out", onnx.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("verified in ONNX Runtime").contains("hybridsn.transform.json");

        JsonObject side = com.google.gson.JsonParser.parseString(Files.readString(dir.resolve("hybridsn.transform.json"))).getAsJsonObject();
        com.google.gson.Gson gson = new com.google.gson.Gson();
        SpectralTransform t = new SpectralTransform(gson.fromJson(side.get("mean"), double[].class),
                gson.fromJson(side.get("basis"), double[][].class), gson.fromJson(side.get("scale"), double[].class));
        assertThat(t.channels()).isEqualTo(13);
        assertThat(side.get("window").getAsInt()).isEqualTo(9);

        HsiConfig c = RunFolder.config(run, HsiConfig.class);
        Scene scene = HsiData.prepare(c).scene();
        PatchSamples fromSidecar = new PatchSamples(scene, t.apply(scene.cube()), t.channels(), 9);
        int[] pixels = IntStream.range(0, scene.pixels()).filter(p -> p % 7 == 0).toArray();
        int[] prism;
        try (NDManager m = NDManager.newBaseManager()) {
            TrainedRun tr = TrainedRun.load(run, m);
            prism = Inference.predictedClasses(dev.prism.engine.EngineCheck.check(), tr.block(), m, HsiData.prepare(c).samples(), pixels);
        }
        try (OnnxRuntimeModel ort = new OnnxRuntimeModel(Files.readAllBytes(onnx), 2)) {
            float[] x = new float[pixels.length * fromSidecar.sampleSize()];
            for (int i = 0; i < pixels.length; i++) {
                fromSidecar.fill(pixels[i], x, i * fromSidecar.sampleSize(), null);
            }
            float[] scores = ort.run(x, new long[] {pixels.length, 1, 13, 9, 9});
            int classes = scores.length / pixels.length;
            for (int i = 0; i < pixels.length; i++) {
                int best = 0;
                for (int k = 1; k < classes; k++) {
                    best = scores[i * classes + k] > scores[i * classes + best] ? k : best;
                }
                assertThat(best).as("pixel %d", pixels[i]).isEqualTo(prism[i]);
            }
            assertThat(ort.metadata().get("class_names")).isEqualTo("[\"class 1\",\"class 2\",\"class 3\"]");
            assertThat(ort.metadata()).containsKey("provenance");
        }
        // eval on ONNX Runtime: the run's own export (cached in the run folder) gives the same test metrics
        JsonObject djl = com.google.gson.JsonParser.parseString(Files.readString(run.resolve("results.json"))).getAsJsonObject();
        CliRun ortEval = CliRun.of("eval", "--run", run.toString(), "--engine", "onnxruntime");
        assertThat(ortEval.code()).as(ortEval.err()).isZero();
        assertThat(ortEval.out()).contains("exported the run to ONNX for ONNX Runtime");
        JsonObject ortResults = com.google.gson.JsonParser.parseString(Files.readString(run.resolve("results.json"))).getAsJsonObject();
        assertThat(ortResults.getAsJsonObject("test").get("oa").getAsDouble()).isEqualTo(djl.getAsJsonObject("test").get("oa").getAsDouble());
        assertThat(ortResults.get("inferenceEngine").getAsString()).startsWith("onnxruntime");
        CliRun again = CliRun.of("eval", "--run", run.toString(), "--engine", "onnxruntime");
        assertThat(again.out()).as("the cached export is reused").doesNotContain("exported the run");
        CliRun wrong = CliRun.of("eval", "--run", run.toString(), "--engine", "tensorrt");
        assertThat(wrong.code()).isEqualTo(Main.EXIT_INPUT);
        assertThat(wrong.err()).contains("--engine must be 'auto', 'djl' or 'onnxruntime', got 'tensorrt'");
        assertThat(Files.getPosixFilePermissions(onnx)).as("readable by others, as any new file")
                .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
    }

    @Test
    void aZooModelExportsAndBadRequestsAreRefusedBeforeAnyWork() throws Exception {
        Path onnx = dir.resolve("m.onnx");
        CliRun ok = CliRun.of("export-onnx", "--model", "mobilenet-v3-small", "--classes", "4", "--input", "64", "--out", onnx.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        try (OnnxRuntimeModel ort = new OnnxRuntimeModel(Files.readAllBytes(onnx), 2)) {
            assertThat(ort.metadata()).containsEntry("model", "mobilenet-v3-small").containsEntry("seed", "0");
            assertThat(ort.run(new float[2 * 3 * 96 * 96], new long[] {2, 3, 96, 96})).as("another image size").hasSize(2 * 4);
        }
        CliRun exists = CliRun.of("export-onnx", "--model", "resnet20", "--out", onnx.toString());
        assertThat(exists.code()).isNotZero();
        assertThat(exists.err()).contains(onnx + " exists: remove it or choose another file");
        CliRun suffix = CliRun.of("export-onnx", "--model", "resnet20", "--out", dir.resolve("m.bin").toString());
        assertThat(suffix.err()).contains("the ONNX file's name must end in .onnx");
        CliRun ignored = CliRun.of("export-onnx", "--run", dir.toString(), "--classes", "3", "--out", dir.resolve("r.onnx").toString());
        assertThat(ignored.code()).isEqualTo(Main.EXIT_INPUT);
        assertThat(ignored.err()).contains("--classes does not apply with --run");
        assertThat(dir.resolve("r.onnx")).doesNotExist();
    }
}
