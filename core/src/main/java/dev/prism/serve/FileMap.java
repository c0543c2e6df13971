package dev.prism.serve;

import dev.prism.data.hsi.EnviReader;
import dev.prism.data.hsi.RowBlocks;
import dev.prism.io.ChannelSlices;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A map made by {@code prism map}: its ENVI classification ({@code classification.dat}, class
 * numbers 1..K, 0 unclassified) and confidence ({@code confidence.dat}, float32) read a run of a
 * row at a time by file position, and the mapped cube's bands at a pixel when the map's provenance
 * names the cube and it is still there. Nothing is held whole, whatever the map's size.
 */
final class FileMap implements MapSource {

    private final Path dir;
    private final int rows;
    private final int cols;
    private final List<String> names;
    private final FileChannel labels;
    private final FileChannel confidence;
    private final String cube;
    private RowBlocks bands;

    private FileMap(Path dir, int rows, int cols, List<String> names, FileChannel labels, FileChannel confidence, String cube) {
        this.dir = dir;
        this.rows = rows;
        this.cols = cols;
        this.names = names;
        this.labels = labels;
        this.confidence = confidence;
        this.cube = cube;
    }

    /** The finished map in {@code dir}, or null when it has none yet. */
    static FileMap open(Path dir) throws IOException {
        Path hdr = dir.resolve("classification.hdr");
        if (!Files.isRegularFile(hdr) || !Files.isRegularFile(dir.resolve("classification.dat"))) {
            return null;
        }
        Map<String, String> h = EnviReader.parseHeader(hdr);
        int rows = Integer.parseInt(h.get("lines").trim());
        int cols = Integer.parseInt(h.get("samples").trim());
        List<String> names = new ArrayList<>();
        String all = h.getOrDefault("class names", "").replaceAll("^\\s*\\{|\\}\\s*$", "");
        for (String n : all.split(",")) {
            names.add(n.trim());
        }
        if (!names.isEmpty()) {
            names.remove(0); // class 0 is "Unclassified"
        }
        FileChannel l = FileChannel.open(dir.resolve("classification.dat"), StandardOpenOption.READ);
        Path conf = dir.resolve("confidence.dat");
        FileChannel c = Files.isRegularFile(conf) ? FileChannel.open(conf, StandardOpenOption.READ) : null;
        com.google.gson.JsonObject prov = RunIndex.object(dir.resolve("provenance.json"));
        String cube = prov.has("config") && prov.getAsJsonObject("config").has("cube")
                && !prov.getAsJsonObject("config").get("cube").isJsonNull() ? prov.getAsJsonObject("config").get("cube").getAsString() : null;
        return new FileMap(dir, rows, cols, names, l, c, cube);
    }

    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }
    @Override public List<String> names() { return names; }
    @Override public boolean hasTruth() { return false; }
    @Override public boolean hasConfidence() { return confidence != null; }

    @Override
    public int[] classes(Layer layer, int row, int first, int count, int step) throws IOException {
        int[] out = new int[count];
        if (layer == Layer.TRUTH) {
            java.util.Arrays.fill(out, -1);
            return out;
        }
        ByteBuffer b = read(labels, row, first, count, step, 1);
        for (int i = 0; i < count; i++) {
            out[i] = (b.get(i * step) & 0xff) - 1;
        }
        return out;
    }

    @Override
    public float[] confidences(int row, int first, int count, int step) throws IOException {
        float[] out = new float[count];
        if (confidence == null) {
            java.util.Arrays.fill(out, Float.NaN);
            return out;
        }
        ByteBuffer b = read(confidence, row, first, count, step, 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            out[i] = b.getFloat(i * step * 4);
        }
        return out;
    }

    /** The run of row {@code row} that holds the sampled pixels: at most a tile's width times its step. */
    private ByteBuffer read(FileChannel ch, int row, int first, int count, int step, int width) throws IOException {
        int span = (count - 1) * step + 1;
        return ChannelSlices.readFully(ch, ByteBuffer.allocate(span * width), ((long) row * cols + first) * width, dir);
    }

    @Override
    public synchronized float[] spectrum(int row, int col) throws IOException {
        if (cube == null || !Files.isRegularFile(Path.of(dev.prism.data.hsi.SceneLoader.splitSpec(cube)[0]))) {
            return null;
        }
        if (bands == null) {
            bands = RowBlocks.open(cube, new PrintStream(java.io.OutputStream.nullOutputStream()));
        }
        if (bands.rows() != rows || bands.cols() != cols) {
            return null; // the file changed since the map was made
        }
        return bands.read(row, 1, col, 1);
    }

    @Override
    public String spectrumKind() {
        return cube == null ? "" : "raw bands of the mapped cube";
    }

    @Override
    public synchronized void close() throws IOException {
        labels.close();
        if (confidence != null) {
            confidence.close();
        }
        if (bands != null) {
            bands.close();
        }
    }
}
