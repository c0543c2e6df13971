package dev.prism.train;

/**
 * An inference engine's view of a network: the scores of a batch. Prism's own DJL path and ONNX
 * Runtime ({@code dev.prism.onnx.OnnxRuntimeModel}) both are one, so that evaluation and maps
 * can run on either ({@link Inference#predict(Scorer, Samples, int[], int, java.util.function.IntConsumer)}).
 */
@FunctionalInterface
public interface Scorer extends AutoCloseable {

    /**
     * The scores of a batch.
     *
     * @param batch the samples' values, row-major
     * @param shape the batch's shape, batch axis first
     * @return batch x classes scores, row-major
     */
    float[] scores(float[] batch, long[] shape);

    /** Releases what the engine holds open (ONNX Runtime's session); nothing for Prism's own path. */
    @Override
    default void close() {}
}
