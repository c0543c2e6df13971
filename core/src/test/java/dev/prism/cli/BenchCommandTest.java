package dev.prism.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void quickBenchEmitsWellFormedJsonForEveryMeasurement() throws Exception {
        Path file = dir.resolve("bench/prism.json");
        CliRun r = CliRun.of("bench", "--quick", "--json", "--out", file.toString(), "--device", "cpu");
        assertThat(r.code()).as(r.err()).isZero();
        JsonObject stdout = JsonParser.parseString(r.out()).getAsJsonObject();
        JsonObject saved = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertThat(saved).isEqualTo(stdout);
        assertThat(stdout.get("tool").getAsString()).isEqualTo("prism");
        assertThat(stdout.get("quick").getAsBoolean()).isTrue();
        assertThat(stdout.get("threads").getAsInt()).isPositive();
        List<String> ids = new ArrayList<>();
        JsonArray results = stdout.getAsJsonArray("results");
        for (JsonElement e : results) {
            JsonObject m = e.getAsJsonObject();
            String id = m.get("id").getAsString();
            ids.add(id);
            double median = m.get("median").getAsDouble();
            assertThat(median).as(id).isPositive().isFinite();
            assertThat(m.get("min").getAsDouble()).as(id).isLessThanOrEqualTo(median);
            assertThat(m.get("max").getAsDouble()).as(id).isGreaterThanOrEqualTo(median);
            assertThat(m.get("unit").getAsString()).as(id).isIn("samples/s", "ms", "s");
            if (id.startsWith("train/")) {
                for (String phase : List.of("data", "forward", "backward", "optimizer")) {
                    assertThat(m.getAsJsonObject("extra").get(phase + "_ms_per_step").getAsDouble()).as(id + " " + phase).isPositive();
                }
            }
            assertThat(m.getAsJsonArray("values").size()).as(id).isEqualTo(id.startsWith("job/") ? 1 : id.startsWith("latency") ? 3 : 2);
        }
        assertThat(ids).containsExactlyInAnyOrder(
                "train/se-resnet18", "train/hybridsn", "train/mobilenet-v2-cifar",
                "latency-b1/mobilenet-v1@32", "throughput-b64/mobilenet-v1@32",
                "latency-b1/mobilenet-v2@32", "throughput-b64/mobilenet-v2@32",
                "latency-b1/mobilenet-v3-large@32", "throughput-b64/mobilenet-v3-large@32",
                "latency-b1/mobilenet-v3-small@32", "throughput-b64/mobilenet-v3-small@32",
                "latency-b1/hybridsn@11", "throughput-b64/hybridsn@11",
                "job/hybridsn-indian-pines");
        JsonObject job = results.get(results.size() - 1).getAsJsonObject();
        assertThat(job.getAsJsonObject("extra").get("oa").getAsDouble()).isBetween(0.0, 100.0);
    }

    /** Inference on every engine: Prism on DJL, its own export in ONNX Runtime, and another exporter's file where one is given. */
    @Test
    void inferenceOnEveryEngineAndAnotherExportersFiles() throws Exception {
        Path onnx = dir.resolve("onnx");
        Files.createDirectories(onnx);
        CliRun export = CliRun.of("export-onnx", "--model", "mobilenet-v3-small", "--classes", "1000", "--input", "32", "--out",
                onnx.resolve("mobilenet-v3-small@32.onnx").toString());
        assertThat(export.code()).as(export.err()).isZero();
        CliRun r = CliRun.of("bench", "--quick", "--json", "--only", "infer", "--engines", "djl,onnxruntime", "--onnx-dir", onnx.toString(),
                "--device", "cpu");
        assertThat(r.code()).as(r.err()).isZero();
        JsonObject report = JsonParser.parseString(r.out()).getAsJsonObject();
        List<String> ids = new ArrayList<>();
        for (JsonElement e : report.getAsJsonArray("results")) {
            ids.add(e.getAsJsonObject().get("id").getAsString());
            assertThat(e.getAsJsonObject().get("median").getAsDouble()).isPositive().isFinite();
        }
        assertThat(ids).contains("latency-b1/hybridsn@11", "latency-b1-ort/hybridsn@11", "throughput-b64-ort/mobilenet-v1@32",
                "latency-b1-ort-torch/mobilenet-v3-small@32", "throughput-b64-ort-torch/mobilenet-v3-small@32");
        assertThat(ids).hasSize(5 * 2 * 2 + 2).noneMatch(id -> id.contains("-ort-torch/mobilenet-v1"));
        assertThat(report.getAsJsonObject("provenance").getAsJsonObject("config").get("onnxDir").getAsString()).isEqualTo(onnx.toString());
        CliRun bad = CliRun.of("bench", "--only", "infer", "--engines", "djl,tensorrt");
        assertThat(bad.err()).contains("--engines: 'tensorrt' is not an engine to time; give djl, onnxruntime or both");
    }

    @Test
    void unknownSectionIsNamed() {
        CliRun r = CliRun.of("bench", "--only", "train,gpu");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("--only: unknown section 'gpu'").contains("train, infer, job");
    }

    @Test
    void unknownPrecisionIsNamed() {
        for (String[] args : new String[][] {{"bench", "--precision", "fp16"}, {"train", "--task", "hsi", "--precision", "fp16"}}) {
            CliRun r = CliRun.of(args);
            assertThat(r.code()).as(String.join(" ", args)).isNotZero();
            assertThat(r.err()).as(String.join(" ", args)).contains("--precision must be 'fp32' or 'bf16', got 'fp16'");
        }
    }

    @Test
    void bf16WithoutTheNativeOperatorsIsRefusedBeforeAnyWork() throws Exception {
        // a second JVM: this one has loaded the native library, and that choice is made once per process
        Path out = Files.createTempDirectory("prism-bf16-off-");
        CliRun r = CliProcess.run(java.util.List.of("-Dprism.nativeOps=false"), "train", "--task", "hsi", "--model", "hybridsn",
                "--epochs", "1", "--precision", "bf16", "--out", out.resolve("run").toString());
        String log = r.out();
        assertThat(r.code()).as(log).isNotZero();
        assertThat(log).contains("--precision bf16 is not available: bfloat16 needs Prism's native operators, which are off:")
                .contains("-Dprism.nativeOps=false").contains("use --precision fp32");
        assertThat(out.resolve("run")).as("nothing started").doesNotExist();
    }

    @Test
    void bf16TrainingBenchRunsAndSaysSo() throws Exception {
        dev.prism.EngineAssumptions.assumeBf16();
        CliRun r = CliRun.of("bench", "--quick", "--json", "--only", "train", "--precision", "bf16", "--device", "cpu");
        assertThat(r.code()).as(r.err()).isZero();
        JsonObject report = JsonParser.parseString(r.out()).getAsJsonObject();
        List<String> ids = new ArrayList<>();
        report.getAsJsonArray("results").forEach(e -> ids.add(e.getAsJsonObject().get("id").getAsString()));
        assertThat(ids).containsExactly("train-bf16/se-resnet18", "train-bf16/hybridsn", "train-bf16/mobilenet-v2-cifar");
        assertThat(report.getAsJsonObject("provenance").getAsJsonObject("config").get("precision").getAsString()).isEqualTo("BF16");
    }
}
