package dev.prism.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;

/**
 * The memory layout network inputs are handed to the engine in, PyTorch's
 * {@code torch.memory_format}. DJL has no memory-format API, but libtorch decides the layout of a
 * convolution's output from its input's strides: an (N, C, H, W) tensor whose bytes lie in
 * (N, H, W, C) order ({@code channels_last}) keeps that layout through every convolution,
 * BatchNorm, activation and residual sum after it, and oneDNN then skips the reorders it makes
 * around each convolution of a plain (N, C, H, W) tensor. The values are the same; only the speed
 * differs. Which one is right and faster is measured on each machine, not assumed: the engine
 * self-check chooses an {@link InputLayout} (see {@code docs/performance.md}).
 */
public enum MemoryFormat {
    /** Row-major (N, C, H, W) or (N, C, D, H, W): PyTorch's default, {@code contiguous_format}. */
    CONTIGUOUS,
    /** Channels innermost: {@code channels_last} for 4-D inputs, {@code channels_last_3d} for 5-D. */
    CHANNELS_LAST;

    /** {@code contiguous} or {@code channels-last}, as {@link #parse} reads it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code contiguous} or {@code channels-last} (case and '-'/'_' insensitive). */
    public static MemoryFormat parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (n) {
            case "contiguous" -> CONTIGUOUS;
            case "channels-last" -> CHANNELS_LAST;
            default -> throw new IllegalArgumentException("memory format must be contiguous or channels-last, got '" + name + "'");
        };
    }

    /** A network input: {@code data} (row-major, of {@code shape}) in {@code manager}, in this format. */
    public NDArray create(NDManager manager, float[] data, Shape shape) {
        return create(manager, data, 0, shape);
    }

    /** A network input from {@code data[offset ...]} (row-major, of {@code shape}) in {@code manager}, in this format. */
    public NDArray create(NDManager manager, float[] data, int offset, Shape shape) {
        return apply(manager.create(java.nio.FloatBuffer.wrap(data, offset, Math.toIntExact(shape.size())), shape));
    }

    /**
     * {@code x} in this format: the same shape and values; for {@link #CHANNELS_LAST} a copy whose
     * channel axis (axis 1) is innermost in memory. Arrays of rank other than 4 and 5 are returned
     * unchanged. The copy belongs to {@code x}'s manager.
     */
    public NDArray apply(NDArray x) {
        int rank = x.getShape().dimension();
        if (this == CONTIGUOUS || (rank != 4 && rank != 5)) {
            return x;
        }
        int[] toLast = new int[rank];
        int[] back = new int[rank];
        toLast[0] = 0;
        toLast[rank - 1] = 1;
        for (int i = 1; i < rank - 1; i++) {
            toLast[i] = i + 1;
        }
        for (int i = 0; i < rank; i++) {
            back[toLast[i]] = i;
        }
        NDArray moved = x.transpose(toLast);
        // flatten copies the permuted view into channels-innermost order; the transpose back is a view
        return moved.flatten().reshape(moved.getShape()).transpose(back);
    }
}
