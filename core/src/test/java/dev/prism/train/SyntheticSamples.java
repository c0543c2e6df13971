package dev.prism.train;

import java.util.Random;

/** A learnable in-memory set: class k's samples are a fixed random pattern plus noise. Shape (1, 4, 3, 3). */
final class SyntheticSamples {

    private SyntheticSamples() {}

    static ArraySamples of(int n, int classes, long seed) {
        Random rng = new Random(seed);
        float[][] proto = new float[classes][36];
        for (float[] p : proto) {
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) rng.nextGaussian();
            }
        }
        float[] data = new float[n * 36];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            for (int j = 0; j < 36; j++) {
                data[i * 36 + j] = proto[labels[i]][j] + (float) (1.2 * rng.nextGaussian());
            }
        }
        return new ArraySamples(new long[] {1, 4, 3, 3}, classes, data, labels);
    }
}
