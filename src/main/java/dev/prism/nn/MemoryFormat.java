package dev.prism.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.Locale;

/**
 * The memory layout network inputs are handed to the engine in, PyTorch's
 * {@code torch.memory_format}. DJL has no memory-format API, but libtorch decides the layout of a
 * convolution's output from its input's strides: an (N, C, H, W) tensor whose bytes lie in
 * (N, H, W, C) order ({@code channels_last}) keeps that layout through every convolution,
 * BatchNorm, activation and residual sum after it, and oneDNN then skips the reorders it makes
 * around each convolution of a plain (N, C, H, W) tensor. The values are the same; only the speed
 * differs. Which one is faster is measured, not assumed: see {@code docs/performance.md}.
 */
public enum MemoryFormat {
    /** Row-major (N, C, H, W) or (N, C, D, H, W): PyTorch's default, {@code contiguous_format}. */
    CONTIGUOUS,
    /** Channels innermost: {@code channels_last} for 4-D inputs, {@code channels_last_3d} for 5-D. */
    CHANNELS_LAST;

    /**
     * The layout every network input is handed over in, for training, evaluation, prediction, the
     * parity check and the benchmark, and that 2-D convolution weights are kept in
     * ({@link #initializer}): {@link #CHANNELS_LAST} (measured faster for every network
     * of the zoo in training and for nearly every inference case, see {@code docs/performance.md});
     * {@code -Dprism.memoryFormat=contiguous} (or {@code PRISM_JAVA_OPTS}) restores PyTorch's default.
     */
    public static final MemoryFormat INPUTS = fromSystem(CHANNELS_LAST);

    /**
     * {@code inner}, with every 4-D array it makes (2-D convolution weights) laid out in this
     * format, as PyTorch's {@code model.to(memory_format=torch.channels_last)}: oneDNN then needs
     * no reorder of the weight, or of its gradient back to the weight's layout, in any step. Other
     * ranks are left alone (5-D weights in channels-last-3d were measured no faster for HybridSN).
     */
    public Initializer initializer(Initializer inner) {
        if (this == CONTIGUOUS) {
            return inner;
        }
        return (manager, shape, dataType) -> {
            NDArray a = inner.initialize(manager, shape, dataType);
            return shape.dimension() == 4 ? owned(a) : a;
        };
    }

    /** Zeros shaped and laid out for {@code like}'s 4-D parameters (optimizer state), in {@code manager}. */
    public NDArray zerosFor(NDManager manager, NDArray like) {
        NDArray z = manager.zeros(like.getShape(), like.getDataType(), like.getDevice());
        return like.getShape().dimension() == 4 && this != CONTIGUOUS ? owned(z) : z;
    }

    /**
     * Overwrites {@code target}'s values with {@code values} (row-major, of its shape), keeping
     * its layout: DJL's {@code set(Buffer)} replaces the tensor's storage with a contiguous one.
     */
    public static void copyInto(NDArray target, float[] values) {
        try (NDArray src = target.getManager().create(values, target.getShape())) {
            target.set(new NDIndex("..."), src);
        }
    }

    /** A dense, independent copy of {@code a} in this format; {@code a} is closed. */
    private NDArray owned(NDArray a) {
        NDArray laidOut = apply(a);
        NDArray copy = laidOut.duplicate();
        a.close();
        return copy;
    }

    /** The format named by the system property {@code prism.memoryFormat}, else {@code fallback}. */
    private static MemoryFormat fromSystem(MemoryFormat fallback) {
        String v = System.getProperty("prism.memoryFormat");
        return v == null || v.isBlank() ? fallback : parse(v);
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
        return apply(manager.create(data, shape));
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
