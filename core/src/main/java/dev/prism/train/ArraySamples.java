package dev.prism.train;

import java.util.Random;

/**
 * Samples held in memory as one row-major float array and a label per sample: the simplest
 * {@link Samples}, for data already in Java arrays (and for benchmarks and tests).
 */
public final class ArraySamples implements Samples {

    private final long[] shape;
    private final int classes;
    private final float[] data;
    private final int[] labels;
    private final int per;

    /**
     * @param shape one sample's shape (no batch axis)
     * @param data {@code labels.length} samples, each of the shape's size, row-major
     * @param labels dense labels in [0, classes)
     */
    public ArraySamples(long[] shape, int classes, float[] data, int[] labels) {
        this.shape = shape.clone();
        this.classes = classes;
        this.data = data;
        this.labels = labels;
        this.per = sampleSize();
        if ((long) per * labels.length != data.length) {
            throw new IllegalArgumentException(String.format("%d values do not hold %d samples of %d", data.length, labels.length, per));
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " is outside [0, " + classes + ")");
            }
        }
    }

    /** Standard-normal inputs and uniform labels, seeded: the data path at its cheapest. */
    public static ArraySamples random(long[] shape, int classes, int n, long seed) {
        Random rng = new Random(seed);
        long per = 1;
        for (long d : shape) {
            per *= d;
        }
        float[] data = gaussian(rng, Math.toIntExact(per * n));
        return new ArraySamples(shape, classes, data, rng.ints(n, 0, classes).toArray());
    }

    /** {@code count} standard-normal floats drawn from {@code rng}. */
    public static float[] gaussian(Random rng, int count) {
        float[] data = new float[count];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rng.nextGaussian();
        }
        return data;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public long[] sampleShape() {
        return shape.clone();
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public void fill(int i, float[] dest, int offset, Random augment) {
        System.arraycopy(data, i * per, dest, offset, per);
    }
}
