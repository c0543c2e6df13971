package dev.prism.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.prism.engine.EngineCheck;
import dev.prism.engine.EngineConfig;
import dev.prism.nn.Autocast;
import dev.prism.nn.Scalars;
import dev.prism.nn.TorchNames;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * The one training loop every task uses, in three parts: a step (one batch, forward and backward
 * in micro-batches, the optimizer update), an epoch (the shuffled batches, then validation) and
 * the fit (epochs, best epoch, resume). Everything else is a {@link FitListener}: progress,
 * checkpoints, metric files, early stopping, the NaN guard. The loss and the optimizer are passed
 * in (by default the configuration's: cross-entropy with its label smoothing, its optimizer). Built
 * as DJL builds its trainers:
 *
 * <pre>{@code
 * EngineConfig engine = EngineCheck.check();                  // once per process, before anything computes
 * TrainingLoop loop = TrainingLoop.builder(engine, block, manager, config)
 *         .optRunDir(runDir)                                   // checkpoints, metric files, resume
 *         .addListeners(FitListener.Defaults.logging(config, System.out))
 *         .build();
 * TrainingLoop.Result r = loop.fit(samples, split.partition());
 * }</pre>
 *
 * <p>Each step runs in its own short-lived {@link NDManager} (DJL attaches every result to the
 * manager of its first input; without this scope native memory grows without end, DJL issues
 * #2210 and #1317). With a run folder a killed run resumes from its last completed epoch and ends
 * exactly as an uninterrupted run with the same seed would.
 *
 * <p>Randomness: batch order and augmentation come from Java generators seeded by the
 * configuration's seed and the epoch. Dropout draws from the engine's generator, the only one
 * DJL's dropout can use, so the loop seeds that generator at the start of every epoch (from the
 * seed and the epoch, which is what makes a resumed run end as an uninterrupted one): while a
 * loop trains, nothing else in the process should draw from the engine's generator (Prism's
 * Spark executors train one run at a time per process for this reason). Building a network
 * does not touch it ({@code ModelSpec.create} draws its weights from a generator of its own).
 */
public final class TrainingLoop {

    /** The last epoch's checkpoint, relative to the run folder. */
    public static final String LAST = "checkpoints/last.safetensors";

    /** The best epoch's checkpoint, relative to the run folder. */
    public static final String BEST = "checkpoints/best.safetensors";

    /** The checkpoint a finished run is evaluated with: the best epoch when it had validation, else the last. */
    public static Path evaluationCheckpoint(Path runDir, boolean hadValidation) {
        Path best = runDir.resolve(BEST);
        return hadValidation && Files.isRegularFile(best) ? best : runDir.resolve(LAST);
    }

    /**
     * How the run ended.
     *
     * @param history every epoch, a resumed run's earlier ones included
     * @param bestEpoch the best epoch (1-based)
     * @param stopReason why a listener stopped training early; null when every epoch ran
     * @param resumed whether the run continued from a checkpoint
     * @param warning the last warning a listener recorded (a collapse to one class), or null
     */
    public record Result(List<EpochRecord> history, int bestEpoch, String stopReason, boolean resumed, String warning) {
        /** Seconds of training across every process that worked on the run. */
        public double trainSeconds() {
            return EpochRecord.totalSeconds(history);
        }

        /** Whether a listener stopped training before the configured epochs. */
        public boolean stoppedEarly() {
            return stopReason != null;
        }
    }

    /** Thrown when the loss stops being finite ({@link NanGuard}); the last good checkpoint is kept. */
    public static final class DivergedException extends IllegalStateException {
        /** @param message what diverged, when, and what was kept */
        public DivergedException(String message) {
            super(message);
        }
    }

    /** Builds a {@link TrainingLoop}; only the engine configuration, block, manager and configuration are required. */
    public static final class Builder {
        private final EngineConfig engine;
        private final Block block;
        private final NDManager manager;
        private final TrainConfig config;
        private Path runDir;
        private Loss loss;
        private Updater.Factory optimizer;
        private final List<FitListener> listeners = new ArrayList<>();

        private Builder(EngineConfig engine, Block block, NDManager manager, TrainConfig config) {
            this.engine = engine;
            this.block = block;
            this.manager = manager;
            this.config = config;
        }

        /**
         * A run folder: checkpoints ({@link CheckpointWriter}) and metric files
         * ({@link MetricFiles}) are written there after every epoch, before any other listener
         * runs, and {@code fit(..., true)} resumes from its last checkpoint.
         */
        public Builder optRunDir(Path dir) {
            this.runDir = dir;
            return this;
        }

        /** The training loss, a DJL {@link Loss} of (labels, scores); default: cross-entropy with the configuration's label smoothing. */
        public Builder optLoss(Loss loss) {
            this.loss = loss;
            return this;
        }

        /** The optimizer; default: the configuration's ({@link Updater#of(TrainConfig)}). */
        public Builder optOptimizer(Updater.Factory optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** Adds a listener (called after those added before it). */
        public Builder addListener(FitListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Adds listeners in order, e.g. {@link FitListener.Defaults#logging}. */
        public Builder addListeners(Collection<? extends FitListener> more) {
            more.forEach(this::addListener);
            return this;
        }

        /** Checks the settings and builds the loop. */
        public TrainingLoop build() {
            Objects.requireNonNull(engine, "the engine configuration (EngineCheck.check())");
            Objects.requireNonNull(block, "block");
            Objects.requireNonNull(manager, "manager");
            Objects.requireNonNull(config, "config");
            if (block.getParameters().values().stream().anyMatch(p -> !p.isInitialized())) {
                throw new IllegalStateException("the block is not initialised: create it with ModelSpec.create or call Block.initialize first");
            }
            return new TrainingLoop(this);
        }
    }

    /**
     * A builder for a loop training {@code block} (initialised, under {@code manager}) as {@code
     * config} says, on {@code engine}: the engine self-check's result ({@link EngineCheck#check()}).
     */
    public static Builder builder(EngineConfig engine, Block block, NDManager manager, TrainConfig config) {
        return new Builder(engine, block, manager, config);
    }

    /** The loop Prism's commands use: a run folder and {@link FitListener.Defaults#logging} on {@code log}. */
    public static TrainingLoop standard(EngineConfig engine, Block block, NDManager manager, TrainConfig config, Path runDir,
            PrintStream log) {
        return builder(engine, block, manager, config).optRunDir(runDir).addListeners(FitListener.Defaults.logging(config, log)).build();
    }

    private final EngineConfig engine;
    private final Block block;
    private final NDManager manager;
    private final TrainConfig config;
    private final Path runDir;
    private final Loss loss;
    private final Updater.Factory optimizerFactory;
    private final List<FitListener> listeners = new ArrayList<>();

    private TrainingLoop(Builder b) {
        engine = b.engine;
        block = b.block;
        manager = b.manager;
        config = b.config;
        runDir = b.runDir;
        loss = b.loss != null ? b.loss : Losses.crossEntropy(config.regularization().labelSmoothing());
        optimizerFactory = b.optimizer != null ? b.optimizer : Updater.of(config);
        if (runDir != null) {
            listeners.add(new CheckpointWriter(runDir));
            listeners.add(new MetricFiles(runDir));
        }
        listeners.addAll(b.listeners);
    }

    /** Deterministic shuffle of {@code indices} for {@code epoch}. */
    static int[] order(int[] indices, long seed, int epoch) {
        int[] o = indices.clone();
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = o.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return o;
    }

    /** What a checkpoint stores of where training stands. */
    static Checkpoint.LoopState state(TrainingContext c) {
        List<EpochRecord> h = c.history();
        return new Checkpoint.LoopState(h.isEmpty() ? 0 : h.get(h.size() - 1).epoch(), c.steps(), h, c.bestScore(), c.bestEpoch(),
                c.epochsSinceBest());
    }

    /** Where training stands, as listeners see it. */
    private final class Run implements TrainingContext {
        final List<EpochRecord> history;
        final Updater optimizer;
        final Samples train;
        final int[] trainIdx;
        final boolean validated;
        long step;
        double bestScore;
        int bestEpoch;
        int sinceBest;
        String stopReason;
        String warning;

        Run(Checkpoint.LoopState s, Updater optimizer, Samples train, int[] trainIdx, boolean validated) {
            history = new ArrayList<>(s.history());
            this.optimizer = optimizer;
            this.train = train;
            this.trainIdx = trainIdx;
            this.validated = validated;
            step = s.steps();
            bestScore = s.bestScore();
            bestEpoch = s.bestEpoch();
            sinceBest = s.sinceBest();
        }

        /** Records the epoch's score; true when it is the best so far. */
        boolean score(double score, int epoch) {
            if (score > bestScore) {
                bestScore = score;
                bestEpoch = epoch;
                sinceBest = 0;
                return true;
            }
            sinceBest++;
            return false;
        }

        @Override public Block block() { return block; }
        @Override public TrainConfig config() { return config; }
        @Override public Updater optimizer() { return optimizer; }
        @Override public Optional<Path> runDir() { return Optional.ofNullable(runDir); }
        @Override public Samples trainSamples() { return train; }
        @Override public int[] trainIndices() { return trainIdx; }
        @Override public boolean hasValidation() { return validated; }
        @Override public List<EpochRecord> history() { return Collections.unmodifiableList(history); }
        @Override public int bestEpoch() { return bestEpoch; }
        @Override public double bestScore() { return bestScore; }
        @Override public int epochsSinceBest() { return sinceBest; }
        @Override public long steps() { return step; }
        @Override public void requestStop(String reason) { stopReason = Objects.requireNonNull(reason, "reason"); }
        @Override public void warn(String message) { warning = message; }
    }

    /** One epoch's training figures before validation. */
    private record EpochTraining(double lossSum, long correct, long seen, double lr, double seconds, long[] phase) {}

    /**
     * Trains a new run on {@code partition}'s training samples of {@code samples}, choosing the
     * best epoch on its validation samples (training accuracy when it has none).
     *
     * @throws IOException when a listener could not write (a checkpoint, a metric file)
     * @throws DivergedException when the loss stopped being finite
     */
    public Result fit(Samples samples, Partition partition) throws IOException {
        return run(samples, partition.train(), samples, partition.val(), false);
    }

    /**
     * Continues the run in the loop's run folder after its last checkpointed epoch, on the same
     * {@code partition}; it ends exactly as an uninterrupted {@link #fit(Samples, Partition)} would.
     */
    public Result resume(Samples samples, Partition partition) throws IOException {
        return run(samples, partition.train(), samples, partition.val(), true);
    }

    private Result run(Samples train, int[] trainIdx, Samples val, int[] valIdx, boolean resume) throws IOException {
        if (resume && runDir == null) {
            throw new IllegalArgumentException("resuming needs a run folder with a checkpoint");
        }
        Updater optimizer = optimizerFactory.create(trainable(), manager);
        Run run = new Run(restore(resume, optimizer), optimizer, train, trainIdx, val != null && valIdx.length > 0);
        boolean resumed = !run.history.isEmpty();
        try {
            notify(l -> l.onTrainingBegin(run));
            long stepsPerEpoch = (trainIdx.length + config.run().batchSize() - 1) / config.run().batchSize();
            for (int epoch = run.history.size() + 1; epoch <= config.epochs() && run.stopReason == null; epoch++) {
                EpochTraining t = trainEpoch(epoch, run, stepsPerEpoch);
                double[] v = validate(val, valIdx);
                EpochRecord rec = new EpochRecord(epoch, t.lossSum() / t.seen(), 100.0 * t.correct() / t.seen(), v[0], v[1], t.lr(),
                        t.seconds(), t.seen() / t.seconds(), t.phase()[0] / 1e9, t.phase()[1] / 1e9, t.phase()[2] / 1e9,
                        t.phase()[3] / 1e9, ProcessMemory.rssMiB(), ProcessMemory.peakRssMiB());
                run.history.add(rec);
                boolean improved = run.score(Double.isNaN(v[1]) ? rec.trainAccuracy() : v[1], epoch);
                notify(l -> l.onEpoch(run, rec, improved));
            }
            Result result = new Result(List.copyOf(run.history), run.bestEpoch, run.stopReason, resumed, run.warning);
            notify(l -> l.onTrainingEnd(run, result));
            return result;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void notify(java.util.function.Consumer<FitListener> event) {
        for (FitListener l : listeners) {
            event.accept(l);
        }
    }

    private Map<String, Parameter> trainable() {
        Map<String, Parameter> trainable = new LinkedHashMap<>();
        TorchNames.of(block).forEach((k, p) -> {
            if (p.requiresGradient()) {
                trainable.put(k, p);
            }
        });
        return trainable;
    }

    /** The state to start from: the last checkpoint's when resuming and one exists, else a fresh one. */
    private Checkpoint.LoopState restore(boolean resume, Updater optimizer) throws IOException {
        Path last = runDir == null ? null : runDir.resolve(LAST);
        if (resume && Files.isRegularFile(last)) {
            return Checkpoint.load(last, block, optimizer);
        }
        Path metrics = runDir == null ? null : runDir.resolve("metrics.csv");
        if (resume && Files.isRegularFile(metrics) && Files.readAllLines(metrics).size() > 1) {
            // epochs were trained and recorded, but nothing to continue them from: starting over would hide it
            throw new IllegalStateException(runDir + " records " + (Files.readAllLines(metrics).size() - 1) + " trained epochs but holds no "
                    + "checkpoint to continue from (" + runDir.relativize(last) + " is missing) | start it anew with --overwrite, "
                    + "or restore its checkpoints");
        }
        return new Checkpoint.LoopState(0, 0, new ArrayList<>(), Double.NEGATIVE_INFINITY, 0, 0);
    }

    /** One pass over the shuffled training indices. */
    private EpochTraining trainEpoch(int epoch, Run run, long stepsPerEpoch) {
        // dropout's masks: the engine's generator, seeded per epoch (see the class comment)
        Engine.getInstance().setRandomSeed((int) (config.seed() * 7919 + epoch));
        int[] order = order(run.trainIdx, config.seed(), epoch);
        notify(l -> l.onEpochStart(run, epoch));
        long t0 = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        double lr = 0;
        long[] phase = new long[4]; // nanoseconds: data, forward (with the loss), backward, optimizer
        ParameterStore ps = new ParameterStore(manager, false);
        try (Batches batches = new Batches(run.train, order, config.run().batchSize(),
                config.regularization().augment() ? config.seed() * 1_000_003L + epoch : null, 4)) {
            while (true) {
                long tData = System.nanoTime();
                if (!batches.hasNext()) {
                    break;
                }
                Batches.Batch b = batches.next();
                phase[0] += System.nanoTime() - tData;
                lr = config.schedule().kind().lr(config, run.step, stepsPerEpoch * config.epochs(), stepsPerEpoch);
                double[] stepResult = step(b, run.train, ps, phase);
                int n = b.labels().length;
                lossSum += stepResult[0] * n;
                correct += (long) stepResult[1];
                seen += n;
                BatchResult batch = new BatchResult(epoch, run.step, lr, stepResult[0], n, seen, order.length, lossSum / seen,
                        100.0 * correct / seen);
                try {
                    notify(l -> l.onTrainingBatch(run, batch));
                } catch (RuntimeException e) {
                    run.optimizer.zeroGradients(); // nothing of this batch reaches the weights
                    throw e;
                }
                long tOptimizer = System.nanoTime();
                run.optimizer.step(lr, config.optimization().clipNorm());
                phase[3] += System.nanoTime() - tOptimizer;
                run.step++;
            }
        }
        return new EpochTraining(lossSum, correct, seen, lr, (System.nanoTime() - t0) / 1e9, phase);
    }

    /**
     * Forward and backward of one batch, in micro-batches whose gradients add up to the whole
     * batch's; each in its own short-lived manager. Returns {mean loss, correct predictions}.
     */
    private double[] step(Batches.Batch b, Samples train, ParameterStore ps, long[] phase) {
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

    /** {validation loss, validation accuracy in %}, NaN without validation indices. */
    private double[] validate(Samples val, int[] valIdx) {
        if (val == null || valIdx.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        Inference.Predictions p = Inference.evaluate(engine, block, manager, val, valIdx, Math.max(config.run().batchSize(), 64));
        long ok = 0;
        for (int i = 0; i < valIdx.length; i++) {
            ok += p.predicted()[i] == val.label(valIdx[i]) ? 1 : 0;
        }
        return new double[] {p.meanLoss(), 100.0 * ok / valIdx.length};
    }
}
