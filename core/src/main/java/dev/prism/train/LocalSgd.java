package dev.prism.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.prism.engine.EngineConfig;
import dev.prism.io.Tensor;
import dev.prism.models.StateDict;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data-parallel training by local SGD with synchronous parameter averaging (Lin et al., ICLR
 * 2020, "Don't use large mini-batches, use local SGD"; DL4J's parameter-averaging master is the
 * Java prior art). The training set is dealt into one shard per worker, fixed by the seed. In
 * each round every worker starts from the same {@link State} (weights, BatchNorm statistics,
 * optimizer state), trains a few batches of its own shard, and returns its state; the
 * {@link TrainingLoop} averages the states and starts the next round from the mean.
 *
 * <p>A round is a pure function of its start state, the worker's shard and the round's place in
 * training: batch order, augmentation and dropout masks are drawn from (seed, worker, epoch or
 * step) alone ({@link BatchStep}). So a round lost with its worker and run again elsewhere returns
 * the same bytes, and one worker with one local step is ordinary training, step for step.
 *
 * <p>Every worker's epoch has the same number of batches, the smallest shard's count: a larger
 * shard's last batch holds its extra sample (shards differ by one sample at most).
 */
public final class LocalSgd {

    private LocalSgd() {}

    /** What a round starts from and what a worker returns: weights and running statistics by PyTorch name, optimizer state, steps. */
    public record State(Map<String, Tensor> model, Map<String, Tensor> optim, long steps) implements Serializable {

        /** The state of {@code block} and {@code optimizer} now. */
        static State of(Block block, Updater optimizer) {
            return new State(StateDict.extract(block), optimizer.stateTensors(), optimizer.steps());
        }

        /** Copies this state into {@code block} and {@code optimizer}. */
        void loadInto(Block block, Updater optimizer) {
            StateDict.load(block, model, "a local-SGD round's state");
            optimizer.loadState(optim, steps);
        }

        /** Bytes of its tensors (what a round sends to each worker, and each worker back). */
        public long bytes() {
            long n = 0;
            for (Tensor t : model.values()) {
                n += 4L * t.data().length;
            }
            for (Tensor t : optim.values()) {
                n += 4L * t.data().length;
            }
            return n;
        }

        /**
         * The element-wise mean of {@code states} (summed in their order in double precision, then
         * rounded once to float): one state is returned bit for bit.
         */
        static State mean(List<State> states) {
            State first = states.get(0);
            if (states.size() == 1) {
                return first;
            }
            for (State s : states) {
                if (s.steps != first.steps) {
                    throw new IllegalStateException("workers disagree on the step count: " + s.steps + " against " + first.steps);
                }
            }
            return new State(mean(states, State::model), mean(states, State::optim), first.steps);
        }

        private static Map<String, Tensor> mean(List<State> states, java.util.function.Function<State, Map<String, Tensor>> part) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            part.apply(states.get(0)).forEach((name, t) -> {
                double[] sum = new double[t.data().length];
                for (State s : states) {
                    Tensor other = part.apply(s).get(name);
                    if (other == null || other.data().length != sum.length) {
                        throw new IllegalStateException("workers returned different tensors for '" + name + "'");
                    }
                    float[] d = other.data();
                    for (int i = 0; i < d.length; i++) {
                        sum[i] += d[i];
                    }
                }
                float[] m = new float[sum.length];
                for (int i = 0; i < m.length; i++) {
                    m[i] = (float) (sum[i] / states.size());
                }
                out.put(name, new Tensor(t.shape(), m));
            });
            return out;
        }
    }

    /**
     * Which batches of an epoch a round trains.
     *
     * @param epoch the epoch (1-based)
     * @param index the round within the epoch (0-based)
     * @param firstBatch the first batch of the epoch it trains (0-based)
     * @param batches how many batches each worker trains
     * @param firstStep the global step of its first batch
     * @param batchesPerEpoch every worker's batches per epoch
     */
    public record Round(int epoch, int index, int firstBatch, int batches, long firstStep, int batchesPerEpoch) implements Serializable {}

    /**
     * A worker's round.
     *
     * @param worker the worker (0-based)
     * @param state its state after the round
     * @param lossSum the sum over its samples of their batch's mean loss
     * @param correct its correctly classified training samples
     * @param seen its samples
     * @param lr the learning rate of its last step
     * @param seconds its computing time
     */
    public record WorkerResult(int worker, State state, double lossSum, long correct, long seen, double lr, double seconds)
            implements Serializable {}

    /**
     * A round over all workers: the sums of their losses, correct predictions and samples, the
     * last step's learning rate, and the slowest worker's and all workers' computing seconds.
     */
    public record Totals(double lossSum, long correct, long seen, double lr, double slowest, double busy) {
        /** The totals of {@code results}. */
        public static Totals of(List<WorkerResult> results) {
            double loss = 0;
            long correct = 0;
            long seen = 0;
            double lr = 0;
            double slowest = 0;
            double busy = 0;
            for (WorkerResult r : results) {
                loss += r.lossSum();
                correct += r.correct();
                seen += r.seen();
                lr = r.lr();
                slowest = Math.max(slowest, r.seconds());
                busy += r.seconds();
            }
            return new Totals(loss, correct, seen, lr, slowest, busy);
        }
    }

    /** Runs rounds on the workers: in this process, or on a cluster's executors. */
    public interface Workers extends AutoCloseable {
        /** Every worker's result of {@code round} from {@code start}, in worker order. */
        List<WorkerResult> round(State start, Round round);

        /** Releases the workers (a cluster's context). */
        @Override
        void close();
    }

    /** Opens workers for the given shards (one per worker); the training loop calls it when training starts. */
    @FunctionalInterface
    public interface Backend {
        /**
         * Workers that train {@code shards[w]} of {@code samples} as worker w (a cluster's workers
         * rebuild the samples from their job's configuration and use only the shards); {@code
         * engine} is the driver's engine configuration (a cluster's executors use its layout where
         * their own self-check allows it).
         */
        Workers open(EngineConfig engine, Samples samples, int[][] shards);
    }

    /**
     * The training set dealt into {@code workers} shards: the indices shuffled by the seed, then
     * dealt in turn, so that shards differ by one sample at most. One worker's shard is the
     * training set in its own order.
     */
    public static int[][] shards(int[] train, int workers, long seed) {
        if (workers < 1 || workers > train.length) {
            throw new IllegalArgumentException(workers + " workers for " + train.length + " training samples: each needs at least one");
        }
        if (workers == 1) {
            return new int[][] {train.clone()};
        }
        int[] dealt = TrainingLoop.order(train, seed ^ 0x5DEECE66DL, 0);
        int[][] shards = new int[workers][];
        for (int w = 0; w < workers; w++) {
            shards[w] = new int[(dealt.length - w + workers - 1) / workers];
        }
        for (int i = 0; i < dealt.length; i++) {
            shards[i % workers][i / workers] = dealt[i];
        }
        return shards;
    }

    /** Every worker's batches per epoch: the smallest shard's count. */
    public static int batchesPerEpoch(int[][] shards, int batchSize) {
        int smallest = Integer.MAX_VALUE;
        for (int[] s : shards) {
            smallest = Math.min(smallest, s.length);
        }
        return (smallest + batchSize - 1) / batchSize;
    }

    /**
     * Worker {@code worker}'s round: loads {@code start} into {@code block} and a fresh optimizer,
     * trains the round's batches of {@code shard} and returns the new state. {@code block} is
     * changed; the optimizer lives under a manager closed before returning.
     */
    public static WorkerResult train(EngineConfig engine, Block block, NDManager manager, TrainConfig config, Loss loss, Samples samples,
            int[] shard, int worker, State start, Round round) {
        long t0 = System.nanoTime();
        try (NDManager m = manager.newSubManager()) {
            Updater optimizer = Updater.of(config).create(TrainingLoop.trainable(block), m);
            start.loadInto(block, optimizer);
            BatchStep step = new BatchStep(engine, block, loss, config);
            long seed = BatchStep.workerSeed(config.seed(), worker);
            int[] order = TrainingLoop.order(shard, seed, round.epoch());
            Long augment = step.augmentSeed(seed, round.epoch());
            int size = config.run().batchSize();
            ParameterStore ps = new ParameterStore(m, false);
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            double lr = 0;
            for (int j = 0; j < round.batches(); j++) {
                int k = round.firstBatch() + j;
                long global = round.firstStep() + j;
                BatchStep.seedDropout(config.seed(), worker, global);
                int from = k * size;
                int to = k == round.batchesPerEpoch() - 1 ? order.length : from + size;
                Batches.Batch b = Batches.assemble(samples, order, from, to, augment, k);
                lr = step.lr(global, round.batchesPerEpoch());
                double[] r = step.run(b, samples, ps, m, new long[3]);
                optimizer.step(lr, config.optimization().clipNorm());
                lossSum += r[0] * (to - from);
                correct += (long) r[1];
                seen += to - from;
            }
            return new WorkerResult(worker, State.of(block, optimizer), lossSum, correct, seen, lr, (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * All workers in this process, one after another, on one network: N workers simulated on one
     * machine, and the reference a cluster's rounds must equal bit for bit.
     */
    public static Backend inProcess(EngineConfig engine, Block block, NDManager manager, TrainConfig config, Loss loss) {
        return (driver, samples, shards) -> new Workers() {
            @Override
            public List<WorkerResult> round(State start, Round round) {
                List<WorkerResult> out = new ArrayList<>();
                for (int w = 0; w < shards.length; w++) {
                    out.add(train(engine, block, manager, config, loss, samples, shards[w], w, start, round));
                }
                return out;
            }

            @Override
            public void close() {}
        };
    }
}
