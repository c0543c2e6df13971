package dev.prism.serve;

import dev.prism.data.hsi.Scene;
import dev.prism.io.Npy;
import dev.prism.io.Tensor;
import dev.prism.jobs.HsiConfig;
import dev.prism.jobs.HsiData;
import dev.prism.jobs.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A training run's map: its predicted classes ({@code predicted.npy}, or {@code predicted-cv.npy}
 * pooled over folds), and, when the run's scene can be loaded again from its config, the ground
 * truth and each pixel's raw bands. A run's scene is one that fitted in memory for training.
 */
final class RunMap implements MapSource {

    private final int rows;
    private final int cols;
    private final int[] predicted;
    private final List<String> names;
    private final Scene scene;

    private RunMap(int rows, int cols, int[] predicted, List<String> names, Scene scene) {
        this.rows = rows;
        this.cols = cols;
        this.predicted = predicted;
        this.names = names;
        this.scene = scene;
    }

    /** The map of the run in {@code dir}, or null when it has none. */
    static RunMap open(Path dir) throws IOException {
        Path file = Files.isRegularFile(dir.resolve("predicted-cv.npy")) ? dir.resolve("predicted-cv.npy") : dir.resolve("predicted.npy");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Tensor t = Npy.read(file);
        if (t.shape().length != 2) {
            throw new IOException(file + ": a map is (rows, columns), got " + t.shapeString());
        }
        int rows = (int) t.shape()[0];
        int cols = (int) t.shape()[1];
        int[] labels = new int[rows * cols];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = Math.round(t.data()[p]);
        }
        Scene scene = loadScene(dir);
        if (scene != null && (scene.rows() != rows || scene.cols() != cols)) {
            scene = null; // the data changed since the run: show its prediction, not another scene's truth
        }
        return new RunMap(rows, cols, labels, scene != null ? scene.classNames() : namesOf(dir), scene);
    }

    private static Scene loadScene(Path dir) {
        try {
            return HsiData.loadScene(Json.read(dir.resolve("config.json"), HsiConfig.class));
        } catch (IOException | RuntimeException e) {
            return null; // the data folder is elsewhere or gone: the map without its truth
        }
    }

    /** Class names from the run's results, for a run whose scene is not at hand. */
    private static List<String> namesOf(Path dir) {
        List<String> out = new ArrayList<>();
        com.google.gson.JsonObject r = RunIndex.object(dir.resolve("results.json"));
        if (r.has("test") && r.getAsJsonObject("test").has("perClass")) {
            r.getAsJsonObject("test").getAsJsonArray("perClass").forEach(c -> out.add(c.getAsJsonObject().get("name").getAsString()));
        }
        return out;
    }

    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }
    @Override public List<String> names() { return names; }
    @Override public boolean hasTruth() { return scene != null; }
    @Override public boolean hasConfidence() { return false; }

    @Override
    public int[] classes(Layer layer, int row, int first, int count, int step) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            int p = row * cols + first + i * step;
            out[i] = layer == Layer.TRUTH ? (scene == null ? -1 : scene.dense(p)) : predicted[p];
        }
        return out;
    }

    @Override
    public long[] counts() {
        long[] out = new long[names.size()];
        for (int k : predicted) {
            if (k >= 0 && k < out.length) {
                out[k]++;
            }
        }
        return out;
    }

    @Override
    public float[] confidences(int row, int first, int count, int step) {
        float[] out = new float[count];
        java.util.Arrays.fill(out, Float.NaN);
        return out;
    }

    @Override
    public float[] spectrum(int row, int col) {
        if (scene == null) {
            return null;
        }
        int b = scene.bands();
        return java.util.Arrays.copyOfRange(scene.cube(), (row * cols + col) * b, (row * cols + col + 1) * b);
    }

    @Override
    public String spectrumKind() {
        return scene == null ? "" : "raw bands of " + scene.name();
    }

    @Override
    public void close() {}
}
