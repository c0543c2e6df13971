package dev.prism.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.prism.cli.Main;
import dev.prism.data.image.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image classification end to end on CIFAR binary files the test writes: train, evaluate, predict. */
class ImageJobTest {

    @TempDir
    Path dir;

    @Test
    void trainEvaluatePredict() throws Exception {
        Path data = dir.resolve("cifar");
        TestImages.writeCifar10(data, 60, 100, 4);
        Path run = dir.resolve("run");
        int code = Main.run("train", "--task", "image", "--data", data.toString(), "--model", "plain20", "--epochs", "3",
                "--batch-size", "32", "--recipe", "seed", "--lr", "0.003", "--val", "0.1", "--seed", "5", "--device", "cpu",
                "--out", run.toString());
        assertThat(code).isEqualTo(0);
        JsonObject r = Json.GSON.fromJson(Files.readString(run.resolve("results.json")), JsonObject.class);
        assertThat(r.get("accuracy").getAsDouble()).as("test accuracy on a learnable 10-class set (chance 10%)").isGreaterThan(60);
        assertThat(r.get("trainImages").getAsInt()).isEqualTo(270);
        assertThat(run.resolve("confusion.png")).isNotEmptyFile();
        assertThat(Main.run("eval", "--run", run.toString())).isEqualTo(0);
        assertThat(Json.GSON.fromJson(Files.readString(run.resolve("results.json")), JsonObject.class).get("accuracy").getAsDouble())
                .isEqualTo(r.get("accuracy").getAsDouble());
        // by default the faster engine here, measured once and cached: the same accuracy either way
        assertThat(Main.run("eval", "--run", run.toString())).isEqualTo(0);
        JsonObject auto = Json.GSON.fromJson(Files.readString(run.resolve("results.json")), JsonObject.class);
        assertThat(auto.get("accuracy").getAsDouble()).isEqualTo(r.get("accuracy").getAsDouble());
        assertThat(auto.get("inferenceEngine").getAsString()).contains("(auto: ").contains("ms per batch of 256");
        assertThat(Main.run("eval", "--run", run.toString())).isEqualTo(0);
        assertThat(Json.GSON.fromJson(Files.readString(run.resolve("results.json")), JsonObject.class).get("inferenceEngine").getAsString())
                .as("the second time from the cache").endsWith("; measured earlier)");
        // the same evaluation on ONNX Runtime, through the run's own ONNX export (made once, cached)
        assertThat(Main.run("eval", "--run", run.toString(), "--engine", "onnxruntime")).isEqualTo(0);
        JsonObject onOrt = Json.GSON.fromJson(Files.readString(run.resolve("results.json")), JsonObject.class);
        assertThat(onOrt.get("accuracy").getAsDouble()).isEqualTo(r.get("accuracy").getAsDouble());
        assertThat(onOrt.get("inferenceEngine").getAsString()).startsWith("onnxruntime 1.");
        assertThat(r.get("inferenceEngine").getAsString()).startsWith("djl 0.36.0");
        try (var files = Files.list(run.resolve("onnx"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).singleElement().asString().matches("model-[0-9a-f]{16}\\.onnx");
        }
        // predict: write one test image as PNG and ask for its top class
        var set = dev.prism.data.image.CifarBinary.read(data, false);
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_INT_RGB);
        int k = 7;
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int o = k * 3072 + (y * 32 + x) * 3;
                img.setRGB(x, y, ((set.pixels()[o] & 0xff) << 16) | ((set.pixels()[o + 1] & 0xff) << 8) | (set.pixels()[o + 2] & 0xff));
            }
        }
        Path png = dir.resolve("img.png");
        javax.imageio.ImageIO.write(img, "png", png.toFile());
        assertThat(Files.readString(run.resolve("provenance.json"))).containsPattern("train sha256 [0-9a-f]{64}, test sha256 [0-9a-f]{64}");
        // prediction needs only the run folder (labels.json), not the data set it was trained on
        Files.move(data, dir.resolve("cifar-moved"));
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            assertThat(Main.run("predict", "--run", run.toString(), "--top", "2", png.toString())).isEqualTo(0);
            assertThat(Main.run("predict", "--run", run.toString(), "--top", "2", "--engine", "onnxruntime", png.toString())).isEqualTo(0);
        } finally {
            System.setOut(old);
        }
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).contains("img.png:").contains("%");
        assertThat(lines[1]).as("the same classes and probabilities on ONNX Runtime").isEqualTo(lines[0]);
        assertThat(Main.run("train", "--task", "image", "--model", "plain20")).as("--data is required").isEqualTo(2);
    }
}
