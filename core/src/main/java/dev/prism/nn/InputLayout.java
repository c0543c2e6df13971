package dev.prism.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The memory formats network inputs are handed to the engine in: one for images (N, C, H, W), one
 * for volumes (N, C, D, H, W). Which is right and which is faster depends on the CPU and its
 * oneDNN kernels, so the engine self-check ({@code dev.prism.engine.EngineCheck}) chooses it per
 * machine; the values are the same in every format where the engine is correct.
 *
 * @param images format of 4-D inputs
 * @param volumes format of 5-D inputs
 */
public record InputLayout(MemoryFormat images, MemoryFormat volumes) implements java.io.Serializable {

    /** PyTorch's default for both ranks. */
    public static final InputLayout CONTIGUOUS = new InputLayout(MemoryFormat.CONTIGUOUS, MemoryFormat.CONTIGUOUS);

    /** Channels innermost for both ranks. */
    public static final InputLayout CHANNELS_LAST = new InputLayout(MemoryFormat.CHANNELS_LAST, MemoryFormat.CHANNELS_LAST);

    /** Checks that both formats are given. */
    public InputLayout {
        if (images == null || volumes == null) {
            throw new IllegalArgumentException("input layout: both formats are required, got " + images + " / " + volumes);
        }
    }

    /** The same format for both ranks. */
    public static InputLayout of(MemoryFormat format) {
        return new InputLayout(format, format);
    }

    /** The format for inputs of {@code rank} dimensions (volumes for 5, images otherwise). */
    public MemoryFormat forRank(int rank) {
        return rank == 5 ? volumes : images;
    }

    /** A network input: {@code data} (row-major, of {@code shape}) in {@code manager}, in this layout. */
    public NDArray create(NDManager manager, float[] data, Shape shape) {
        return forRank(shape.dimension()).create(manager, data, 0, shape);
    }

    /**
     * A network input from {@code data[offset ...]} (row-major, of {@code shape}) in {@code manager},
     * in this layout: a part of a larger array (a micro-batch of a batch) without copying it first.
     */
    public NDArray create(NDManager manager, float[] data, int offset, Shape shape) {
        return forRank(shape.dimension()).create(manager, data, offset, shape);
    }

    /** {@code x} in this layout (see {@link MemoryFormat#apply}). */
    public NDArray apply(NDArray x) {
        return forRank(x.getShape().dimension()).apply(x);
    }

    /** For example {@code images channels-last, volumes contiguous}. */
    public String describe() {
        return "images " + images.label() + ", volumes " + volumes.label();
    }
}
