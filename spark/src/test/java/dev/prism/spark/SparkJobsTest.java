package dev.prism.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.prism.cli.CliRun;
import dev.prism.data.hsi.TestScenes;
import dev.prism.jobs.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same commands on Spark in this process ({@code local[2]}): a map equal byte for byte to the
 * one made in one process, and a study with the same metrics.
 */
class SparkJobsTest {

    @TempDir
    Path dir;

    static String[] map(Path run, Path cube, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("map", "--run", run.toString(), "--cube", cube + ":cube", "--out", out.toString(),
                "--tile-rows", "9", "--tile-cols", "9", "--engine", "djl"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    static Path trainedRun(Path dir, int rows) throws Exception {
        TestScenes.write(dir, rows, 17, 24, 3, 7);
        Path run = dir.resolve("run");
        CliRun trained = CliRun.of(TestScenes.trainArgs(dir, run, 1, 32).toArray(String[]::new));
        assertThat(trained.code()).as(trained.err()).isZero();
        return run;
    }

    @Test
    @Timeout(300)
    void aMapOnLocalSparkIsTheMapOfOneProcess() throws Exception {
        Path run = trainedRun(dir, 40);
        Path cube = dir.resolve("cube.mat");
        CliRun one = CliRun.of(map(run, cube, dir.resolve("one")));
        assertThat(one.code()).as(one.err()).isZero();
        CliRun spark = CliRun.of(map(run, cube, dir.resolve("spark"), "--master", "local[2]"));
        assertThat(spark.code()).as(spark.err()).isZero();
        assertThat(spark.out()).contains("10 tiles of 9 x 9 pixels, on spark local[2]");
        for (String f : List.of("classification.dat", "confidence.dat", "counts.csv", "classification.hdr")) {
            assertThat(Files.readAllBytes(dir.resolve("spark").resolve(f))).as(f).isEqualTo(Files.readAllBytes(dir.resolve("one").resolve(f)));
        }
        try (var files = Files.list(dir.resolve("spark"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("nothing temporary left")
                    .noneMatch(n -> n.contains("partial") || n.contains("tmp"));
        }
        assertThat(Files.readString(dir.resolve("spark/map.json"))).contains("on spark local[2]");

        // the executors on ONNX Runtime (the run's own export, made once and cached in the run folder): the same labels
        List<String> ort = new ArrayList<>(List.of(map(run, cube, dir.resolve("spark-ort"), "--master", "local[2]")));
        ort.set(ort.indexOf("djl"), "onnxruntime");
        CliRun onOrt = CliRun.of(ort.toArray(String[]::new));
        assertThat(onOrt.code()).as(onOrt.err()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("spark-ort/classification.dat"))).as("labels on ONNX Runtime")
                .isEqualTo(Files.readAllBytes(dir.resolve("one/classification.dat")));
        assertThat(Files.readString(dir.resolve("spark-ort/map.json"))).contains("onnxruntime");
        assertThat(Files.readString(dir.resolve("spark/provenance.json"))).contains("spark local[2]");
    }

    @Test
    @Timeout(600)
    void aStudyOnLocalSparkHasTheMetricsOfOneProcess() throws Exception {
        TestScenes.write(dir, 20, 24, 16, 3, 8);
        CliRun one = CliRun.of(study("one"));
        assertThat(one.code()).as(one.err()).isZero();
        List<String> onSpark = new ArrayList<>(List.of(study("spark")));
        onSpark.addAll(List.of("--master", "local[2]"));
        CliRun spark = CliRun.of(onSpark.toArray(String[]::new));
        assertThat(spark.code()).as(spark.err()).isZero();
        assertThat(spark.out()).contains("18 runs on spark local[2]");
        assertSameMetrics(dir.resolve("spark"), dir.resolve("one"));
    }

    /** HybridSN on {@link TestScenes#write}'s scene in {@code dir}: 2 epochs of batches of 16, then {@code extra}. */
    static CliRun train(Path dir, String out, String... extra) {
        List<String> a = TestScenes.trainArgs(dir, dir.resolve(out), 2, 16);
        a.addAll(List.of(extra));
        return CliRun.of(a.toArray(String[]::new));
    }

    /** Every model tensor of two runs' last checkpoints, bit for bit. */
    static void assertSameWeights(Path run, Path reference) throws java.io.IOException {
        var a = dev.prism.io.SafeTensors.read(reference.resolve("checkpoints/last.safetensors"));
        var b = dev.prism.io.SafeTensors.read(run.resolve("checkpoints/last.safetensors"));
        assertThat(b.keySet()).isEqualTo(a.keySet());
        assertThat(a.keySet()).anyMatch(k -> k.startsWith("optim/"));
        a.forEach((k, t) -> assertThat(java.util.Arrays.equals(b.get(k).data(), t.data())).as("%s bit for bit", k).isTrue());
    }

    @Test
    @Timeout(600)
    void localSgdOnLocalSparkTrainsTheWeightsOfOneProcess() throws Exception {
        TestScenes.write(dir, 20, 24, 16, 3, 8);
        CliRun ordinary = train(dir, "ordinary");
        assertThat(ordinary.code()).as(ordinary.err()).isZero();
        CliRun one = train(dir, "one-worker", "--workers", "1", "--master", "local[1]");
        assertThat(one.code()).as(one.err()).isZero();
        assertSameWeights(dir.resolve("one-worker"), dir.resolve("ordinary"));
        assertThat(dir.resolve("one-worker/rounds.csv")).as("trained by rounds").exists();

        CliRun here = train(dir, "here", "--workers", "2", "--local-steps", "2");
        assertThat(here.code()).as(here.err()).isZero();
        CliRun spark = train(dir, "spark", "--workers", "2", "--local-steps", "2", "--master", "local[2]");
        assertThat(spark.code()).as(spark.err()).isZero();
        assertSameWeights(dir.resolve("spark"), dir.resolve("here"));
        assertThat(spark.out()).contains("local SGD: 2 workers averaged every 2 batches, on spark local[2]");
        assertThat(here.out()).contains("local SGD: 2 workers averaged every 2 batches, taking turns in this process");
        assertThat(Files.readString(dir.resolve("spark/config.json"))).contains("\"workers\": 2").contains("\"localSteps\": 2");
        assertThat(Files.readString(dir.resolve("ordinary/config.json"))).doesNotContain("workers");
    }

    /** Local SGD of an image network (BatchNorm, augmentation) on {@code local[2]}: the weights of its workers taking turns in one process. */
    @Test
    @Timeout(600)
    void localSgdOfAnImageNetworkOnLocalSparkTrainsTheWeightsOfOneProcess() throws Exception {
        Path data = dir.resolve("cifar");
        dev.prism.data.image.TestImages.writeCifar10(data, 60, 100, 4);
        List<String> common = List.of("train", "--task", "image", "--data", data.toString(), "--model", "plain20", "--epochs", "1",
                "--batch-size", "32", "--recipe", "seed", "--augment", "--seed", "5", "--device", "cpu", "--workers", "2", "--local-steps",
                "2");
        List<String> here = new ArrayList<>(common);
        here.addAll(List.of("--out", dir.resolve("image-here").toString()));
        List<String> spark = new ArrayList<>(common);
        spark.addAll(List.of("--out", dir.resolve("image-spark").toString(), "--master", "local[2]"));
        CliRun a = CliRun.of(here.toArray(String[]::new));
        assertThat(a.code()).as(a.err()).isZero();
        CliRun b = CliRun.of(spark.toArray(String[]::new));
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(b.out()).contains("on spark local[2]");
        assertSameWeights(dir.resolve("image-spark"), dir.resolve("image-here"));
        assertThat(Files.readAllLines(dir.resolve("image-spark/rounds.csv"))).hasSizeGreaterThan(2);
    }

    /** The two studies' tables have the same arms with the same OA, AA and Kappa of every run. */
    static void assertSameMetrics(Path study, Path reference) throws java.io.IOException {
        JsonArray a = Json.GSON.fromJson(Files.readString(reference.resolve("study.json")), JsonArray.class);
        JsonArray b = Json.GSON.fromJson(Files.readString(study.resolve("study.json")), JsonArray.class);
        assertThat(b.size()).isEqualTo(a.size()).isEqualTo(18);
        for (int i = 0; i < a.size(); i++) {
            JsonObject ra = a.get(i).getAsJsonObject();
            JsonObject rb = b.get(i).getAsJsonObject();
            assertThat(rb.get("label")).isEqualTo(ra.get("label"));
            for (String metric : List.of("oa", "aa", "kappa")) {
                assertThat(ra.get(metric)).as("%s of %s", metric, ra.get("label")).isNotNull();
                assertThat(rb.get(metric)).as("%s of %s", metric, ra.get("label")).isEqualTo(ra.get(metric));
            }
        }
    }

    private String[] study(String out) {
        return study(dir, out);
    }

    /** hsi-2d-vs-3d, one run of one epoch per arm, on the scene {@link TestScenes#write} put in {@code dir}, into {@code dir/out}. */
    static String[] study(Path dir, String out) {
        return new String[] {"study", "hsi-2d-vs-3d", "--runs", "1", "--cube", dir.resolve("cube.mat") + ":cube", "--gt",
            dir.resolve("gt.mat") + ":gt", "--pca", "13", "--window", "9", "--epochs", "1", "--batch-size", "32", "--device", "cpu",
            "--out", dir.resolve(out).toString()};
    }
}
