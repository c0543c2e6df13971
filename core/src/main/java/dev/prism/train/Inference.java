package dev.prism.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.prism.engine.EngineConfig;

/** Batched prediction in inference mode, each batch in its own short-lived NDManager. */
public final class Inference {

    /** Predicted class and mean loss over the given samples. */
    public record Predictions(int[] predicted, double meanLoss) {}

    private Inference() {}

    /**
     * The class {@code block} predicts for each of {@code indices} of {@code samples}, in inference
     * mode, 64 at a time, on the engine configuration {@code engine} ({@link dev.prism.engine.EngineCheck#check()}).
     */
    public static int[] predictedClasses(EngineConfig engine, Block block, NDManager manager, Samples samples, int[] indices) {
        return predict(scorer(engine, block, manager), samples, indices, 64, null);
    }

    /**
     * Predicts {@code indices} of {@code samples} in batches of {@code batchSize}, in inference
     * mode, with the mean cross-entropy against their labels: a validation pass.
     */
    public static Predictions evaluate(EngineConfig engine, Block block, NDManager manager, Samples samples, int[] indices, int batchSize) {
        int[] out = new int[indices.length];
        double lossSum = 0;
        ParameterStore ps = new ParameterStore(manager, false);
        long[] sampleShape = samples.sampleShape();
        try (Batches batches = new Batches(samples, indices, batchSize, null, 3)) {
            int pos = 0;
            while (batches.hasNext()) {
                Batches.Batch b = batches.next();
                try (NDManager bm = manager.newSubManager()) {
                    NDArray x = engine.layout().create(bm, b.x(), batchShape(b.labels().length, sampleShape));
                    NDArray scores = block.forward(ps, new NDList(x), false).singletonOrThrow();
                    int[] pred = scores.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
                    System.arraycopy(pred, 0, out, pos, pred.length);
                    lossSum += Losses.crossEntropy(scores, bm.create(b.labels()), 0).getFloat() * pred.length;
                    pos += pred.length;
                }
            }
        }
        return new Predictions(out, lossSum / Math.max(1, indices.length));
    }

    /**
     * Each sample's class and how sure the network is of it.
     *
     * @param predicted the class with the highest score
     * @param confidence that class's softmax probability
     */
    public record Classified(int[] predicted, float[] confidence) {}

    /**
     * The predicted class (highest score) of {@code indices} of {@code samples}, scored by
     * {@code scorer} in batches of {@code batchSize}; {@code progress} (may be null) is told how many
     * are done after each batch.
     */
    public static int[] predict(Scorer scorer, Samples samples, int[] indices, int batchSize, java.util.function.IntConsumer progress) {
        return classify(scorer, samples, indices, batchSize, progress).predicted();
    }

    /** As {@link #predict(Scorer, Samples, int[], int, java.util.function.IntConsumer)}, with each prediction's softmax probability. */
    public static Classified classify(Scorer scorer, Samples samples, int[] indices, int batchSize, java.util.function.IntConsumer progress) {
        int[] out = new int[indices.length];
        float[] confidence = new float[indices.length];
        try (Batches batches = new Batches(samples, indices, batchSize, null, 3)) {
            int pos = 0;
            while (batches.hasNext()) {
                Batches.Batch b = batches.next();
                int n = b.labels().length;
                float[] scores = scorer.scores(b.x(), batchShape(n, samples.sampleShape()).getShape());
                int classes = scores.length / n;
                for (int i = 0; i < n; i++) {
                    int best = 0;
                    for (int k = 1; k < classes; k++) {
                        best = scores[i * classes + k] > scores[i * classes + best] ? k : best;
                    }
                    double sum = 0;
                    for (int k = 0; k < classes; k++) {
                        sum += Math.exp(scores[i * classes + k] - scores[i * classes + best]);
                    }
                    out[pos + i] = best;
                    confidence[pos + i] = (float) (1 / sum);
                }
                pos += n;
                if (progress != null) {
                    progress.accept(pos);
                }
            }
        }
        return new Classified(out, confidence);
    }

    /**
     * {@code block} in inference mode as a {@link Scorer}: each batch in its own short-lived
     * manager under {@code manager}, in the input layout of {@code engine} (the self-check's result).
     */
    public static Scorer scorer(EngineConfig engine, Block block, NDManager manager) {
        ParameterStore ps = new ParameterStore(manager, false);
        return (x, shape) -> {
            try (NDManager bm = manager.newSubManager()) {
                NDArray in = engine.layout().create(bm, x, new Shape(shape));
                return block.forward(ps, new NDList(in), false).singletonOrThrow().toFloatArray();
            }
        };
    }

    /** The shape of a batch of {@code n} samples of {@code sampleShape}. */
    public static Shape batchShape(int n, long[] sampleShape) {
        long[] dims = new long[sampleShape.length + 1];
        dims[0] = n;
        System.arraycopy(sampleShape, 0, dims, 1, sampleShape.length);
        return new Shape(dims);
    }
}
