package dev.prism.data.hsi;

import java.util.List;

/**
 * A loaded hyperspectral scene: the cube in (row, column, band) order, the ground truth with its
 * original label numbers (0 = unlabelled), and the dense class index of each labelled pixel.
 *
 * @param name display name used in reports ("Indian Pines (8-bit copy)")
 * @param cube rows x cols x bands values, row-major
 * @param groundTruth original label per pixel, 0 = unlabelled
 * @param labels original label number of each dense class (sorted)
 * @param classNames name of each dense class
 * @param rgbBands bands for a false-colour preview (0-based)
 * @param checksum SHA-256 of the cube and ground-truth files, for provenance
 */
public record Scene(
        String name,
        int rows,
        int cols,
        int bands,
        float[] cube,
        int[] groundTruth,
        int[] labels,
        List<String> classNames,
        int[] rgbBands,
        String checksum) {

    /** Rows times columns. */
    public int pixels() {
        return rows * cols;
    }

    /** The number of labelled classes (label 0, unlabelled, not counted). */
    public int classes() {
        return labels.length;
    }

    /** Dense class of pixel p, or -1 if unlabelled. */
    public int dense(int p) {
        int g = groundTruth[p];
        if (g == 0) {
            return -1;
        }
        int i = java.util.Arrays.binarySearch(labels, g);
        return i < 0 ? -1 : i;
    }

    /** Every labelled pixel index, in raster order. */
    public int[] labelledPixels() {
        return java.util.stream.IntStream.range(0, pixels()).filter(p -> groundTruth[p] != 0).toArray();
    }
}
