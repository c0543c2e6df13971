package dev.prism.train;

import java.util.Random;

/** A learnable in-memory set: class k's samples are a fixed random pattern plus noise. Shape (1, 4, 3, 3). */
final class SyntheticSamples implements Samples {

    private final float[][] data;
    private final int[] labels;
    private final int classes;

    SyntheticSamples(int n, int classes, long seed) {
        this.classes = classes;
        Random rng = new Random(seed);
        float[][] proto = new float[classes][36];
        for (float[] p : proto) {
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) rng.nextGaussian();
            }
        }
        data = new float[n][36];
        labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            for (int j = 0; j < 36; j++) {
                data[i][j] = proto[labels[i]][j] + (float) (1.2 * rng.nextGaussian());
            }
        }
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public long[] sampleShape() {
        return new long[] {1, 4, 3, 3};
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
        System.arraycopy(data[i], 0, dest, offset, 36);
    }
}
