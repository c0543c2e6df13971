package dev.prism.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A float32 tensor whose bytes are produced only when they are written, so that a file of many
 * tensors (a checkpoint: weights and optimizer state) never holds all of them in memory at once,
 * and an engine's tensor can be written straight from its own memory.
 *
 * @param shape the tensor's shape
 * @param bytes hands its values over, row-major float32 in little-endian order
 */
public record LazyTensor(long[] shape, Bytes bytes) {

    /** Produces a tensor's bytes when asked. */
    @FunctionalInterface
    public interface Bytes {
        /** Hands all of the tensor's bytes to {@code sink}, in order, in one or more buffers (read from position to limit). */
        void writeTo(Sink sink) throws IOException;
    }

    /** Takes a tensor's bytes, a buffer at a time; a buffer is valid only during the call. */
    @FunctionalInterface
    public interface Sink {
        /** Consumes {@code littleEndianFloats} from its position to its limit. */
        void accept(ByteBuffer littleEndianFloats) throws IOException;
    }

    private static final int CHUNK_FLOATS = 1 << 14;

    /** A tensor already in Java memory, converted a 64 KiB chunk at a time. */
    public static LazyTensor of(Tensor t) {
        return new LazyTensor(t.shape(), sink -> {
            float[] data = t.data();
            ByteBuffer chunk = ByteBuffer.allocate(4 * Math.min(CHUNK_FLOATS, Math.max(1, data.length))).order(ByteOrder.LITTLE_ENDIAN);
            for (int at = 0; at < data.length; at += CHUNK_FLOATS) {
                int n = Math.min(CHUNK_FLOATS, data.length - at);
                chunk.clear();
                chunk.asFloatBuffer().put(data, at, n);
                chunk.limit(4 * n);
                sink.accept(chunk);
            }
        });
    }

    /** Its bytes: {@code 4 * numel(shape)}. */
    public long byteSize() {
        return 4 * Tensor.numel(shape);
    }
}
