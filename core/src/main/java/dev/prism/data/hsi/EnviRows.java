package dev.prism.data.hsi;

import dev.prism.io.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;

/** An ENVI image (BSQ, BIL or BIP; data types 1, 2, 3, 4, 5, 12; either byte order) read by blocks of rows at file positions. */
final class EnviRows implements RowBlocks {

    private final Path data;
    private final FileChannel channel;
    private final int lines;
    private final int samples;
    private final int bands;
    private final int type;
    private final int width;
    private final long offset;
    private final ByteOrder order;
    private final String interleave;
    /** The bytes of one read, reused: a scan of a whole scene leaves the garbage collector nothing to collect. Guarded by this. */
    private ByteBuffer scratch = ByteBuffer.allocate(0);

    private EnviRows(Path header, Map<String, String> h) throws IOException {
        data = EnviReader.dataFor(header);
        samples = EnviReader.intField(h, "samples", header);
        lines = EnviReader.intField(h, "lines", header);
        bands = EnviReader.intField(h, "bands", header);
        type = EnviReader.intField(h, "data type", header);
        offset = h.containsKey("header offset") ? Long.parseLong(h.get("header offset").trim()) : 0;
        order = "1".equals(h.getOrDefault("byte order", "0").trim()) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        interleave = h.getOrDefault("interleave", "bsq").trim().toLowerCase(Locale.ROOT);
        width = EnviReader.width(type, header);
        if (!interleave.equals("bsq") && !interleave.equals("bil") && !interleave.equals("bip")) {
            throw new IOException(header + ": interleave '" + interleave + "' is not bsq, bil or bip");
        }
        long expected = offset + (long) lines * samples * bands * width;
        long actual = Files.size(data);
        if (actual != expected) {
            throw new IOException(header + ": header says " + lines + " lines x " + samples + " samples x " + bands + " bands of " + width
                    + "-byte values (+" + offset + " header bytes) = " + expected + " bytes, but " + data + " has " + actual);
        }
        channel = FileChannel.open(data, StandardOpenOption.READ);
    }

    static EnviRows open(Path file) throws IOException {
        Path header = EnviReader.headerFor(file);
        return new EnviRows(header, EnviReader.parseHeader(header));
    }

    @Override public int rows() { return lines; }
    @Override public int cols() { return samples; }
    @Override public int bands() { return bands; }

    @Override
    public float[] read(int first, int count, int firstCol, int colCount) throws IOException {
        RowBlocks.checkBlock(first, count, firstCol, colCount, lines, samples);
        float[] out = new float[count * colCount * bands];
        readInto(first, count, firstCol, colCount, out);
        return out;
    }

    @Override
    public synchronized void readInto(int first, int count, int firstCol, int colCount, float[] out) throws IOException {
        RowBlocks.checkBlock(first, count, firstCol, colCount, lines, samples);
        RowBlocks.checkInto(count, colCount, bands, out);
        for (int r = 0; r < count; r++) {
            long line = first + r;
            int rowBase = r * colCount * bands;
            switch (interleave) {
                case "bip" -> { // (line, sample, band): the row's columns are one run of values
                    ByteBuffer buf = chunk((line * samples + firstCol) * bands, colCount * bands);
                    for (int i = 0; i < colCount * bands; i++) {
                        out[rowBase + i] = EnviReader.value(buf, i * width, type);
                    }
                }
                case "bil" -> { // (line, band, sample): the whole line, one run, cropped to the columns
                    ByteBuffer buf = chunk(line * bands * samples, bands * samples);
                    for (int b = 0; b < bands; b++) {
                        for (int c = 0; c < colCount; c++) {
                            out[rowBase + c * bands + b] = EnviReader.value(buf, (b * samples + firstCol + c) * width, type);
                        }
                    }
                }
                default -> { // bsq (band, line, sample): one run per band
                    for (int b = 0; b < bands; b++) {
                        ByteBuffer buf = chunk(((long) b * lines + line) * samples + firstCol, colCount);
                        for (int c = 0; c < colCount; c++) {
                            out[rowBase + c * bands + b] = EnviReader.value(buf, c * width, type);
                        }
                    }
                }
            }
        }
    }

    /** {@code n} values from value index {@code from} of the file, in the scratch buffer (valid until the next chunk). */
    private ByteBuffer chunk(long from, int n) throws IOException {
        int bytes = n * width;
        if (scratch.capacity() < bytes) {
            scratch = ByteBuffer.allocate(bytes).order(order);
        }
        // no slice: BSQ reads a run per band and row, and a view each was 10 MB of garbage per 96 MB scanned
        return dev.prism.io.ChannelSlices.readFully(channel, scratch.clear().limit(bytes), offset + from * width, data);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Writes {@code cube} ((rows, cols, bands)) as a float32 BIP ENVI image: {@code dat} and its header. */
    static void write(Path dat, Tensor cube) throws IOException {
        long[] s = cube.shape();
        ByteBuffer b = ByteBuffer.allocate(cube.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(cube.data());
        dev.prism.io.AtomicFiles.write(dat, b.array());
        header(dat, (int) s[0], (int) s[1], (int) s[2]);
    }

    /**
     * Copies {@code cube} into a float32 BIP ENVI image {@code dat} (and its header) a block of
     * rows at a time, so that a cube held in memory or converted from MATLAB v5 can be read in part
     * by other processes; returns {@code dat}.
     */
    static Path copy(RowBlocks cube, Path dat) throws IOException {
        int step = Math.max(1, (1 << 24) / Math.max(1, cube.cols() * cube.bands())); // about 64 MiB of floats per block
        try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(dat, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            for (int first = 0; first < cube.rows(); first += step) {
                float[] rows = cube.read(first, Math.min(step, cube.rows() - first));
                ByteBuffer b = ByteBuffer.allocate(rows.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(rows);
                dev.prism.io.ChannelSlices.write(out, b);
            }
        }
        header(dat, cube.rows(), cube.cols(), cube.bands());
        return dat;
    }

    private static void header(Path dat, int rows, int cols, int bands) throws IOException {
        dev.prism.io.AtomicFiles.writeString(dev.prism.io.EnviWriter.header(dat), String.join("\n", "ENVI", "samples = " + cols,
                "lines = " + rows, "bands = " + bands, "header offset = 0", "file type = ENVI Standard", "data type = 4",
                "interleave = bip", "byte order = 0") + "\n");
    }
}
