package dev.prism.data.hsi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;

/** Writes small, learnable hyperspectral scenes in real MATLAB v5 format for the tests. */
public final class TestScenes {

    private TestScenes() {}

    /** Class of pixel (r, c): vertical stripes, background row 0. */
    public static int label(int r, int c, int cols, int classes) {
        return r == 0 ? 0 : 1 + (c * classes) / cols;
    }

    /** Value of band b for class k (a distinct smooth spectrum per class) plus noise. */
    public static double value(int k, int b, Random rng) {
        return 100 + 40 * Math.sin(0.3 * b * (k + 1)) + 20 * k + rng.nextGaussian() * 4;
    }

    /**
     * Writes {@code cube.mat} (variable {@code cube}, uint16, rows x cols x bands) and
     * {@code gt.mat} (variable {@code gt}, uint8) into {@code dir}.
     */
    public static void write(Path dir, int rows, int cols, int bands, int classes, long seed) throws IOException {
        write(dir, rows, cols, bands, classes, seed, Math.max(rows, cols));
    }

    /** As {@link #write(Path, int, int, int, int, long)}, with labels only in the top-left {@code corner} x {@code corner} pixels. */
    public static void write(Path dir, int rows, int cols, int bands, int classes, long seed, int corner) throws IOException {
        Random rng = new Random(seed);
        Matrix cube = Mat5.newMatrix(new int[] {rows, cols, bands}, MatlabType.UInt16);
        Matrix gt = Mat5.newMatrix(new int[] {rows, cols}, MatlabType.UInt8);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int k = r < corner && c < corner ? label(r, c, Math.min(cols, corner), classes) : 0;
                gt.setInt(new int[] {r, c}, k);
                for (int b = 0; b < bands; b++) {
                    cube.setInt(new int[] {r, c, b}, (int) Math.max(0, Math.round(value(Math.max(k, 1) - 1, b, rng))));
                }
            }
        }
        MatFile cubeFile = Mat5.newMatFile().addArray("cube", cube);
        Mat5.writeToFile(cubeFile, dir.resolve("cube.mat").toFile());
        MatFile gtFile = Mat5.newMatFile().addArray("gt", gt);
        Mat5.writeToFile(gtFile, dir.resolve("gt.mat").toFile());
    }

    /**
     * {@code prism train} of HybridSN on the scene {@link #write} put in {@code dir} (PCA 13, window 9,
     * seed 3, CPU) into {@code out}: a mutable list, for tests to add or replace options.
     */
    public static java.util.List<String> trainArgs(Path dir, Path out, int epochs, int batchSize) {
        return new java.util.ArrayList<>(java.util.List.of("train", "--task", "hsi", "--model", "hybridsn",
                "--cube", dir.resolve("cube.mat") + ":cube", "--gt", dir.resolve("gt.mat") + ":gt",
                "--pca", "13", "--window", "9", "--epochs", Integer.toString(epochs), "--batch-size", Integer.toString(batchSize),
                "--seed", "3", "--device", "cpu", "--out", out.toString()));
    }

    /**
     * The cube of {@code dir/cube.mat} as {@code file} (a {@code .npy}), with the value at (row,
     * column, band) replaced by {@code value}: a cube with one bad value, for the refusals.
     */
    public static Path npyWith(Path dir, Path file, int row, int col, int band, float value) throws IOException {
        dev.prism.io.Tensor cube = ArrayFiles.read(dir.resolve("cube.mat"), "cube");
        long[] s = cube.shape();
        float[] values = cube.data().clone();
        values[(int) ((row * s[1] + col) * s[2] + band)] = value;
        try (java.io.OutputStream o = java.nio.file.Files.newOutputStream(file)) {
            dev.prism.io.Npy.write(new dev.prism.io.Tensor(s, values), o);
        }
        return file;
    }
}
