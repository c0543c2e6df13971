package dev.prism.data.hsi;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A MATLAB v7.3 (HDF5) cube read by hyperslabs of rows. MATLAB stores (rows, columns, bands)
 * column-major, which HDF5 sees as (bands, columns, rows): a block of rows is the slab
 * {@code [0, 0, first] + [bands, columns, count]}.
 */
final class Hdf5Rows implements RowBlocks {

    private final HdfFile hdf;
    private final Dataset dataset;
    private final Path file;
    private final String key;
    private final int rows;
    private final int cols;
    private final int bands;

    private Hdf5Rows(Path file, String key, HdfFile hdf, Dataset dataset) {
        this.file = file;
        this.key = key;
        this.hdf = hdf;
        this.dataset = dataset;
        int[] d = dataset.getDimensions();
        bands = d[0];
        cols = d[1];
        rows = d[2];
    }

    static Hdf5Rows open(Path file, String key) throws IOException {
        HdfFile hdf = new HdfFile(file);
        try {
            String k = key == null && hdf.getChildren().size() == 1 ? hdf.getChildren().keySet().iterator().next() : key;
            Node node = k == null ? null : hdf.getChildren().get(k);
            if (!(node instanceof Dataset ds)) {
                throw new IOException(file + ": no variable '" + k + "'; variables present: " + String.join(", ", hdf.getChildren().keySet()));
            }
            if (ds.getDimensions().length != 3) {
                throw new IllegalArgumentException(file + ": '" + k + "' is " + ds.getDimensions().length + "-D, a cube is (rows, columns, bands)");
            }
            return new Hdf5Rows(file, k, hdf, ds);
        } catch (IOException | RuntimeException e) {
            hdf.close();
            throw e;
        }
    }

    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }
    @Override public int bands() { return bands; }

    @Override
    public float[] read(int first, int count, int firstCol, int colCount) throws IOException {
        RowBlocks.checkBlock(first, count, firstCol, colCount, rows, cols);
        Object slab;
        try {
            slab = dataset.getData(new long[] {0, firstCol, first}, new int[] {bands, colCount, count});
        } catch (RuntimeException e) {
            throw new IOException(file + ": cannot read rows " + first + ".." + (first + count) + ", columns " + firstCol + ".."
                    + (firstCol + colCount) + " of '" + key + "': " + e.getMessage(), e);
        }
        float[] out = new float[count * colCount * bands];
        for (int b = 0; b < bands; b++) {
            Object plane = java.lang.reflect.Array.get(slab, b);
            for (int c = 0; c < colCount; c++) {
                Object line = java.lang.reflect.Array.get(plane, c);
                for (int r = 0; r < count; r++) {
                    out[(r * colCount + c) * bands + b] = ((Number) java.lang.reflect.Array.get(line, r)).floatValue();
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        hdf.close();
    }
}
