package dev.prism.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.prism.engine.EngineConfig;
import dev.prism.nn.Autocast;
import dev.prism.nn.Scalars;
import java.util.Arrays;

/**
 * Forward and backward of one batch, in micro-batches whose gradients add up to the whole batch's,
 * each in its own short-lived manager; and the randomness of a step. The one step both the
 * {@link TrainingLoop} and a {@link LocalSgd} worker take, so that one worker with one local step
 * is ordinary training.
 */
final class BatchStep {

    private final EngineConfig engine;
    private final Block block;
    private final Loss loss;
    private final TrainConfig config;

    BatchStep(EngineConfig engine, Block block, Loss loss, TrainConfig config) {
        this.engine = engine;
        this.block = block;
        this.loss = loss;
        this.config = config;
    }

    /**
     * Seeds the engine's generator, the only one DJL's dropout can use, for global step
     * {@code step} of {@code worker}: a step's masks depend on nothing but the seed, the worker and
     * the step, so a step computed anywhere (a resumed run, a round re-run on another executor)
     * draws the same masks.
     */
    static void seedDropout(long seed, int worker, long step) {
        long h = seed * 0x9E3779B97F4A7C15L + worker * 0xC2B2AE3D27D4EB4FL + step;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L;
        Engine.getInstance().setRandomSeed((int) (h ^ (h >>> 29)));
    }

    /** Worker {@code worker}'s seed of batch order and augmentation: the configuration's seed for the first. */
    static long workerSeed(long seed, int worker) {
        return seed + worker * 0x632BE59BD9B4E019L;
    }

    /** The learning rate of global step {@code step}, for epochs of {@code stepsPerEpoch} steps (the configuration's schedule). */
    double lr(long step, long stepsPerEpoch) {
        return config.schedule().kind().lr(config, step, stepsPerEpoch * config.epochs(), stepsPerEpoch);
    }

    /** The augmentation seed of an epoch (null without augmentation). */
    Long augmentSeed(long seed, int epoch) {
        return config.regularization().augment() ? seed * 1_000_003L + epoch : null;
    }

    /**
     * Forward and backward of {@code b} under {@code manager}; the gradients are left for the
     * optimizer. Returns {mean loss, correct predictions}; {@code phase} gains the nanoseconds of
     * input, forward (with the loss) and backward.
     */
    double[] run(Batches.Batch b, Samples train, ParameterStore ps, NDManager manager, long[] phase) {
        int n = b.labels().length;
        int chunk = config.run().microBatch() > 0 ? Math.min(config.run().microBatch(), n) : n;
        double lossValue = 0;
        long correct = 0;
        int per = train.sampleSize();
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            try (NDManager bm = manager.newSubManager()) {
                long tInput = System.nanoTime();
                // the micro-batch straight from its part of the batch array (no copy on the Java heap)
                NDArray x = engine.layout().create(bm, b.x(), start * per, Inference.batchShape(m, train.sampleShape()));
                NDArray y = bm.create(Arrays.copyOfRange(b.labels(), start, start + m));
                NDArray scores;
                NDArray chunkLoss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    long tForward = System.nanoTime();
                    phase[0] += tForward - tInput;
                    try (Autocast.Scope a = Autocast.bf16(config.run().precision() == TrainConfig.Precision.BF16)) {
                        scores = block.forward(ps, new NDList(x), true).singletonOrThrow();
                    }
                    chunkLoss = loss.evaluate(new NDList(y), new NDList(scores));
                    long tBackward = System.nanoTime();
                    phase[1] += tBackward - tForward;
                    // the chunk's share of the batch mean, so accumulated gradients equal the whole batch's
                    gc.backward(m == n ? chunkLoss : Scalars.mul(chunkLoss, (float) m / n));
                    phase[2] += System.nanoTime() - tBackward;
                }
                lossValue += chunkLoss.getFloat() * m / (double) n;
                correct += scores.argMax(1).toType(DataType.INT32, false).eq(y.toType(DataType.INT32, false)).sum().getLong();
            }
        }
        return new double[] {lossValue, correct};
    }
}
