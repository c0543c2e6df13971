package dev.prism.parity;

/**
 * The golden fixtures' bit-exact value rule (a SplitMix64 stream mapped to float32 in [a, a + b)).
 * Element k of a tensor with {@code seed, a, b} is {@link #value(long, float, float, long)}.
 */
public final class ValueRule {

    private ValueRule() {}

    /** Element {@code k} (0-based) of the stream with {@code seed}, in [a, a + b). */
    public static float value(long seed, float a, float b, long k) {
        long z = seed + (k + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        float u = (float) (z >>> 40) * 0x1.0p-24f;
        return a + b * u;
    }

    /** The first {@code n} elements in row-major order. */
    public static float[] fill(long seed, float a, float b, int n) {
        float[] out = new float[n];
        for (int k = 0; k < n; k++) {
            out[k] = value(seed, a, b, k);
        }
        return out;
    }
}
