package dev.prism.train;

import java.util.Random;

/**
 * A labelled data set the training loop can batch: images, hyperspectral patches, anything. Only
 * plain Java arrays cross this boundary; the loop turns batches into engine arrays.
 */
public interface Samples {

    /** Number of samples. */
    int size();

    /** Shape of one sample, without the batch axis (e.g. 3, 32, 32 or 1, 30, 25, 25). */
    long[] sampleShape();

    /** Number of classes; labels are dense in [0, classes). */
    int classes();

    /** Dense label of sample {@code i}. */
    int label(int i);

    /**
     * Writes sample {@code i} into {@code dest} at {@code offset} (row-major sample shape);
     * {@code augment} is null when no augmentation is wanted, else the RNG to draw it from.
     */
    void fill(int i, float[] dest, int offset, Random augment);

    /** Values in one sample: the product of {@link #sampleShape()}. */
    default int sampleSize() {
        long n = 1;
        for (long d : sampleShape()) {
            n *= d;
        }
        return Math.toIntExact(n);
    }
}
