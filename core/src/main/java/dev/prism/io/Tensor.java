package dev.prism.io;

import java.util.Arrays;

/**
 * A plain float32 tensor in row-major order, independent of any engine: what weight files and
 * array files hold.
 */
public record Tensor(long[] shape, float[] data) implements java.io.Serializable {

    /** Checks that {@code data} holds exactly as many values as {@code shape} says. */
    public Tensor {
        long n = numel(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    /** The number of elements of a tensor of {@code shape}. */
    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** The shape as PyTorch prints it, e.g. {@code [64, 3, 3, 3]}. */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + shapeString();
    }
}
