package dev.prism.data.hsi;

import dev.prism.io.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A cube of (rows, columns, bands) read a block of rows at a time, so that a scene larger than
 * memory can be classified tile by tile: ENVI (BSQ, BIL, BIP) and C-order {@code .npy} by random
 * access to the file, MATLAB v7.3 (HDF5) by hyperslab; MATLAB v5, which cannot be read in part, is
 * converted once to ENVI.
 */
public interface RowBlocks extends AutoCloseable {

    /** Rows of the cube. */
    int rows();

    /** Columns of the cube. */
    int cols();

    /** Bands of the cube. */
    int bands();

    /**
     * Rows {@code [first, first + count)} as (count, columns, bands), row-major.
     *
     * @throws IOException when the file cannot be read
     */
    default float[] read(int first, int count) throws IOException {
        return read(first, count, 0, cols());
    }

    /**
     * The block of rows {@code [first, first + count)} and columns {@code [firstCol, firstCol +
     * colCount)} as (count, colCount, bands), row-major: what a tile bounded in both dimensions
     * reads, so that its memory does not grow with the scene's width.
     *
     * @throws IOException when the file cannot be read
     */
    float[] read(int first, int count, int firstCol, int colCount) throws IOException;

    /**
     * The same block into the first {@code count * colCount * bands()} values of {@code out}: a
     * reader that can fills it without allocating, so that a scan of a whole scene through one
     * buffer leaves the garbage collector nothing to collect (which would otherwise grow the heap
     * of the scanning process with the scene). This default copies {@link #read}'s array.
     *
     * @throws IOException when the file cannot be read
     */
    default void readInto(int first, int count, int firstCol, int colCount, float[] out) throws IOException {
        checkInto(count, colCount, bands(), out);
        float[] block = read(first, count, firstCol, colCount);
        System.arraycopy(block, 0, out, 0, block.length);
    }

    /** Refuses a buffer too small for a block of {@code count} rows, {@code colCount} columns and {@code bands} bands. */
    static void checkInto(int count, int colCount, int bands, float[] out) {
        if ((long) count * colCount * bands > out.length) {
            throw new IllegalArgumentException("a block of " + count + " x " + colCount + " x " + bands + " values does not fit a buffer of "
                    + out.length);
        }
    }

    /** Refuses a block outside a cube of {@code rows} x {@code cols}. */
    static void checkBlock(int first, int count, int firstCol, int colCount, int rows, int cols) {
        if (first < 0 || count < 0 || first + count > rows || firstCol < 0 || colCount < 0 || firstCol + colCount > cols) {
            throw new IllegalArgumentException("rows " + first + ".." + (first + count) + ", columns " + firstCol + ".."
                    + (firstCol + colCount) + " of a cube of " + rows + " x " + cols);
        }
    }

    @Override
    void close() throws IOException;

    /**
     * Opens {@code FILE[:KEY]} for reading by rows. A MATLAB v5 file is read whole once and
     * converted to a temporary ENVI file (said on {@code log}), deleted on {@link #close()}.
     */
    static RowBlocks open(String spec, PrintStream log) throws IOException {
        return finite(openUnchecked(spec, log), SceneLoader.splitSpec(spec)[0]);
    }

    /**
     * {@code in} refusing, as each block is read, a value that is not finite: the error names
     * {@code source}, the value and its row, column and band, as training's loader does.
     */
    static RowBlocks finite(RowBlocks in, String source) {
        return new RowBlocks() {
            @Override public int rows() { return in.rows(); }
            @Override public int cols() { return in.cols(); }
            @Override public int bands() { return in.bands(); }
            @Override public void close() throws IOException { in.close(); }
            @Override public float[] read(int first, int count, int firstCol, int colCount) throws IOException {
                float[] block = in.read(first, count, firstCol, colCount);
                checkFinite(block, block.length, first, firstCol, colCount);
                return block;
            }
            @Override public void readInto(int first, int count, int firstCol, int colCount, float[] out) throws IOException {
                in.readInto(first, count, firstCol, colCount, out);
                checkFinite(out, count * colCount * in.bands(), first, firstCol, colCount);
            }
            private void checkFinite(float[] block, int n, int first, int firstCol, int colCount) throws IOException {
                int b = in.bands();
                for (int i = 0; i < n; i++) {
                    if (!Float.isFinite(block[i])) {
                        int p = i / b;
                        throw new IOException(source + ": value " + block[i] + " at row " + (first + p / colCount) + ", column "
                                + (firstCol + p % colCount) + ", band " + (i % b) + " (0-based); the cube must be finite everywhere");
                    }
                }
            }
        };
    }

    private static RowBlocks openUnchecked(String spec, PrintStream log) throws IOException {
        String[] s = SceneLoader.splitSpec(spec);
        Path file = Path.of(s[0]);
        if (!Files.isRegularFile(file)) {
            throw new IOException("file not found: " + file);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return NpyRows.open(file);
        }
        if (name.endsWith(".mat")) {
            if (ArrayFiles.isHdf5(file)) {
                return Hdf5Rows.open(file, s[1]);
            }
            Tensor t = ArrayFiles.readMat5(file, s[1]);
            Path dir = Files.createTempDirectory("prism-cube");
            Path dat = dir.resolve("cube.dat");
            // removed on every exit the JVM sees, Ctrl-C and kill included, not only on close (files before their folder)
            dir.toFile().deleteOnExit();
            dat.toFile().deleteOnExit();
            dev.prism.io.EnviWriter.header(dat).toFile().deleteOnExit();
            log.println(file + " is MATLAB v5, which cannot be read in part: converted once to ENVI (" + dat + ", removed afterwards)");
            EnviRows.write(dat, t);
            EnviRows rows = EnviRows.open(dat);
            return new RowBlocks() {
                @Override public int rows() { return rows.rows(); }
                @Override public int cols() { return rows.cols(); }
                @Override public int bands() { return rows.bands(); }
                @Override public float[] read(int first, int count, int firstCol, int colCount) throws IOException {
                    return rows.read(first, count, firstCol, colCount);
                }
                @Override public void readInto(int first, int count, int firstCol, int colCount, float[] out) throws IOException {
                    rows.readInto(first, count, firstCol, colCount, out);
                }
                @Override public void close() throws IOException {
                    rows.close();
                    Files.deleteIfExists(dat);
                    Files.deleteIfExists(dev.prism.io.EnviWriter.header(dat));
                    Files.deleteIfExists(dir);
                }
            };
        }
        return EnviRows.open(file);
    }

    /**
     * What the cube {@code FILE[:KEY]}'s header says: its ENVI header's map info, coordinate
     * system, projection and wavelengths; {@link dev.prism.io.CubeHeader#NONE} for the formats that
     * carry none (MATLAB, .npy).
     */
    static dev.prism.io.CubeHeader header(String spec) throws IOException {
        Path file = Path.of(SceneLoader.splitSpec(spec)[0]);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy") || name.endsWith(".mat")) {
            return dev.prism.io.CubeHeader.NONE;
        }
        return dev.prism.io.CubeHeader.fromEnvi(EnviReader.parseHeader(EnviReader.headerFor(file)));
    }

    /**
     * {@code cube} as a file any process can read in part: {@code dat} (a float32 BIP ENVI image and
     * its header) written a block of rows at a time. For maps spread over other processes, which
     * cannot share a cube held in memory or a MATLAB v5 file.
     */
    static Path copyToEnvi(RowBlocks cube, Path dat) throws IOException {
        return EnviRows.copy(cube, dat);
    }

    /**
     * Whether {@code FILE[:KEY]} can be read in part by {@link #open} (ENVI, {@code .npy}, MATLAB
     * v7.3) rather than converted whole (MATLAB v5).
     */
    static boolean readableInPart(String spec) throws IOException {
        Path file = Path.of(SceneLoader.splitSpec(spec)[0]);
        return !file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mat") || ArrayFiles.isHdf5(file);
    }

    /** A cube already in memory. */
    static RowBlocks of(Tensor cube) {
        long[] s = cube.shape();
        if (s.length != 3) {
            throw new IllegalArgumentException("a cube is (rows, columns, bands), got shape " + cube.shapeString());
        }
        int rows = (int) s[0];
        int cols = (int) s[1];
        int bands = (int) s[2];
        return new RowBlocks() {
            @Override public int rows() { return rows; }
            @Override public int cols() { return cols; }
            @Override public int bands() { return bands; }
            @Override public float[] read(int first, int count, int firstCol, int colCount) {
                checkBlock(first, count, firstCol, colCount, rows, cols);
                float[] out = new float[count * colCount * bands];
                for (int r = 0; r < count; r++) {
                    System.arraycopy(cube.data(), ((first + r) * cols + firstCol) * bands, out, r * colCount * bands, colCount * bands);
                }
                return out;
            }
            @Override public void close() {}
        };
    }
}
