package dev.prism.data.hsi;

import dev.prism.io.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A (rows, columns, bands) {@code .npy} array read by blocks of rows at file positions. C order
 * only: in Fortran order a block of rows is scattered over the whole file (re-save it with
 * {@code np.ascontiguousarray}).
 */
final class NpyRows implements RowBlocks {

    private final Path file;
    private final FileChannel channel;
    private final Npy.Header header;
    private final int rows;
    private final int cols;
    private final int bands;

    private NpyRows(Path file, Npy.Header header) throws IOException {
        this.file = file;
        this.header = header;
        long[] s = header.shape();
        if (s.length != 3) {
            throw new IllegalArgumentException(file + ": a cube is (rows, columns, bands), got a " + s.length + "-D array");
        }
        if (header.fortran()) {
            throw new IOException(file + ": Fortran-order arrays cannot be read by rows; save it with np.save(f, np.ascontiguousarray(a))");
        }
        rows = Math.toIntExact(s[0]);
        cols = Math.toIntExact(s[1]);
        bands = Math.toIntExact(s[2]);
        long expected = header.dataOffset() + (long) rows * cols * bands * header.width();
        if (Files.size(file) < expected) {
            throw new IOException(file + ": header promises " + expected + " bytes, the file has " + Files.size(file));
        }
        channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    static NpyRows open(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(65_536);
        }
        return new NpyRows(file, Npy.header(head, file.toString()));
    }

    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }
    @Override public int bands() { return bands; }

    @Override
    public float[] read(int first, int count, int firstCol, int colCount) throws IOException {
        RowBlocks.checkBlock(first, count, firstCol, colCount, rows, cols);
        int n = colCount * bands;
        int width = header.width();
        float[] out = new float[count * n];
        for (int r = 0; r < count; r++) {
            // C order (rows, cols, bands): a row's columns are one run of values
            ByteBuffer buf = dev.prism.io.ChannelSlices.readFully(channel, ByteBuffer.allocate(n * width).order(header.order()),
                    header.dataOffset() + (((long) first + r) * cols + firstCol) * bands * width, file);
            for (int i = 0; i < n; i++) {
                out[r * n + i] = Npy.value(buf, header.type(), i * width);
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
