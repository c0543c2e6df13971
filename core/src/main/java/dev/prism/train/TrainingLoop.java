package dev.prism.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.prism.engine.EngineCheck;
import dev.prism.engine.EngineConfig;
import dev.prism.nn.TorchNames;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * DJL's dropout can use, so the loop seeds that generator before every step (from the seed and the
 * step, which is what makes a resumed run, or a local-SGD round run again elsewhere, draw the same
 * masks): while a loop trains, nothing else in the process should draw from the engine's
 * generator (Prism's Spark executors train one run or round at a time per process for this
 * reason). Building a network does not touch it ({@code ModelSpec.create} draws its weights from a
 * generator of its own).
 *
 * <p>A configuration with several workers or local steps ({@link TrainConfig.Parallel}) trains by
 * local SGD ({@link LocalSgd}): each epoch is a sequence of rounds, each ending in the mean of the
 * workers' weights and optimizer state; everything else (validation, listeners, checkpoints,
 * resume) is the same.
 */
public final class TrainingLoop {

    /** The last epoch's checkpoint, relative to the run folder. */
    public static final String LAST = "checkpoints/last.safetensors";

    /**
     * Local SGD's last round within an unfinished epoch, relative to the run folder: a resumed run
     * continues after that round instead of at the epoch's start.
     */
    public static final String ROUND = "checkpoints/round.safetensors";

    /** Whether {@code runDir} holds a checkpoint to continue from: an epoch's, or a local-SGD round's. */
    public static boolean hasCheckpoint(Path runDir) {
        return Files.isRegularFile(runDir.resolve(LAST)) || Files.isRegularFile(runDir.resolve(ROUND));
    }

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
        private LocalSgd.Backend workers;
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

        /**
         * Where local SGD's workers run when the configuration trains by averaging
         * ({@link TrainConfig.Parallel}): a cluster's executors; default: one after another in
         * this process, on this loop's network. Giving workers makes even one worker with one
         * local step train by rounds (the same steps as the ordinary loop).
         */
        public Builder optWorkers(LocalSgd.Backend backend) {
            this.workers = backend;
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
            if (optimizer != null && (workers != null || config.parallel().averaging())) {
                // every worker builds the configuration's optimizer, whose state the driver averages
                throw new IllegalStateException("local SGD averages the configuration's optimizer (" + config.optimization().kind()
                        + "): a custom optimizer cannot be given with workers");
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
    private final LocalSgd.Backend workers;
    private final List<FitListener> listeners = new ArrayList<>();

    private TrainingLoop(Builder b) {
        engine = b.engine;
        block = b.block;
        manager = b.manager;
        config = b.config;
        runDir = b.runDir;
        loss = b.loss != null ? b.loss : Losses.crossEntropy(config.regularization().labelSmoothing());
        optimizerFactory = b.optimizer != null ? b.optimizer : Updater.of(config);
        workers = b.workers != null ? b.workers
                : config.parallel().averaging() ? LocalSgd.inProcess(engine, block, manager, config, loss) : null;
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
        if (!resume && runDir != null) {
            Files.deleteIfExists(runDir.resolve(ROUND)); // a fresh run never continues an earlier run's rounds
        }
        Updater optimizer = optimizerFactory.create(trainable(block), manager);
        Run run = new Run(restore(resume, optimizer), optimizer, train, trainIdx, val != null && valIdx.length > 0);
        boolean resumed = !run.history.isEmpty();
        int[][] shards = workers == null ? null : LocalSgd.shards(trainIdx, config.parallel().workers(), config.seed());
        try (LocalSgd.Workers rounds = shards == null ? null : workers.open(engine, train, shards)) {
            notify(l -> l.onTrainingBegin(run));
            long stepsPerEpoch = rounds != null ? LocalSgd.batchesPerEpoch(shards, config.run().batchSize())
                    : (trainIdx.length + config.run().batchSize() - 1) / config.run().batchSize();
            for (int epoch = run.history.size() + 1; epoch <= config.epochs() && run.stopReason == null; epoch++) {
                EpochTraining t = rounds == null ? trainEpoch(epoch, run, stepsPerEpoch) : averagedEpoch(epoch, run, (int) stepsPerEpoch, rounds);
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

    /**
     * One epoch of local SGD: rounds of the configuration's local steps, each ending in the mean
     * of the workers' states. The epoch's phase times stay zero (the workers compute elsewhere);
     * {@code rounds.csv} in the run folder splits each round into computing and the rest.
     */
    private EpochTraining averagedEpoch(int epoch, Run run, int batchesPerEpoch, LocalSgd.Workers rounds) {
        notify(l -> l.onEpochStart(run, epoch));
        long t0 = System.nanoTime();
        RoundProgress done = resumeRounds(epoch, run);
        int k = config.parallel().localSteps();
        for (int first = done.nextBatch(), index = done.nextRound(); first < batchesPerEpoch; first += k, index++) {
            long tRound = System.nanoTime();
            LocalSgd.Round round = new LocalSgd.Round(epoch, index, first, Math.min(k, batchesPerEpoch - first), run.step, batchesPerEpoch);
            LocalSgd.State start = LocalSgd.State.of(block, run.optimizer);
            List<LocalSgd.WorkerResult> results = rounds.round(start, round);
            LocalSgd.Totals t = LocalSgd.Totals.of(results);
            done = new RoundProgress(epoch, index + 1, first + round.batches(), done.lossSum() + t.lossSum(), done.correct() + t.correct(),
                    done.seen() + t.seen(), t.lr());
            RoundProgress after = done;
            BatchResult batch = new BatchResult(epoch, run.step, t.lr(), t.lossSum() / t.seen(), (int) t.seen(), after.seen(),
                    run.trainIdx.length, after.lossSum() / after.seen(), 100.0 * after.correct() / after.seen());
            notify(l -> l.onTrainingBatch(run, batch)); // a listener that refuses the round (NaN) stops it before the mean is loaded
            LocalSgd.State.mean(results.stream().map(LocalSgd.WorkerResult::state).toList()).loadInto(block, run.optimizer);
            run.step += round.batches();
            logRound(round, results.size(), (System.nanoTime() - tRound) / 1e9, t, start.bytes());
            if (after.nextBatch() < batchesPerEpoch) {
                saveRound(run, after);
            }
        }
        return new EpochTraining(done.lossSum(), done.correct(), done.seen(), done.lr(), (System.nanoTime() - t0) / 1e9, new long[4]);
    }

    /** A round checkpoint's {@link RoundProgress}, as its metadata holds it. */
    private static final com.google.gson.Gson ROUND_JSON = new com.google.gson.Gson();

    /** Where local SGD stands within an epoch: the next round and batch, and the epoch's sums so far. */
    record RoundProgress(int epoch, int nextRound, int nextBatch, double lossSum, long correct, long seen, double lr) {}

    /** The rounds of {@code epoch} a killed run had finished (its round checkpoint, loaded), or none. */
    private RoundProgress resumeRounds(int epoch, Run run) {
        RoundProgress none = new RoundProgress(epoch, 0, 0, 0, 0, 0, 0);
        Path file = runDir == null ? null : runDir.resolve(ROUND);
        if (file == null || !Files.isRegularFile(file)) {
            return none;
        }
        try {
            RoundProgress p = ROUND_JSON.fromJson(Checkpoint.metadata(file).get("prism_round"), RoundProgress.class);
            if (p == null || p.epoch() != epoch) {
                return none; // a finished epoch's rounds: its epoch checkpoint is newer
            }
            Checkpoint.LoopState s = Checkpoint.load(file, block, run.optimizer);
            run.step = s.steps();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The round checkpoint: weights, optimizer state and the epoch's progress, replaced atomically after every round but an epoch's last. */
    private void saveRound(Run run, RoundProgress p) {
        if (runDir == null) {
            return;
        }
        try {
            Path file = runDir.resolve(ROUND);
            Files.createDirectories(file.getParent());
            Checkpoint.LoopState s = new Checkpoint.LoopState(p.epoch() - 1, run.step, run.history, run.bestScore, run.bestEpoch, run.sinceBest);
            Checkpoint.save(file, block, run.optimizer, s, Map.of("prism_round", ROUND_JSON.toJson(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line of {@code rounds.csv}: a round's wall time, its slowest worker's computing time, and the state each worker receives and returns. */
    private void logRound(LocalSgd.Round r, int workerCount, double seconds, LocalSgd.Totals t, long stateBytes) {
        if (runDir == null) {
            return;
        }
        Path file = runDir.resolve("rounds.csv");
        String header = Files.isRegularFile(file) ? ""
                : "epoch,round,batches,workers,seconds,slowest_worker_seconds,sum_worker_seconds,other_seconds,state_bytes_each_way\n";
        try {
            Files.createDirectories(runDir);
            Files.writeString(file, header + String.format(java.util.Locale.ROOT, "%d,%d,%d,%d,%.4f,%.4f,%.4f,%.4f,%d%n", r.epoch(),
                    r.index(), r.batches(), workerCount, seconds, t.slowest(), t.busy(), seconds - t.slowest(), stateBytes),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void notify(java.util.function.Consumer<FitListener> event) {
        for (FitListener l : listeners) {
            event.accept(l);
        }
    }

    /** {@code block}'s parameters that train, by PyTorch name. */
    static Map<String, Parameter> trainable(Block block) {
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
        int[] order = order(run.trainIdx, config.seed(), epoch);
        BatchStep step = new BatchStep(engine, block, loss, config);
        notify(l -> l.onEpochStart(run, epoch));
        long t0 = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        double lr = 0;
        long[] phase = new long[4]; // nanoseconds: data, forward (with the loss), backward, optimizer
        ParameterStore ps = new ParameterStore(manager, false);
        try (Batches batches = new Batches(run.train, order, config.run().batchSize(), step.augmentSeed(config.seed(), epoch), 4)) {
            while (true) {
                long tData = System.nanoTime();
                if (!batches.hasNext()) {
                    break;
                }
                Batches.Batch b = batches.next();
                phase[0] += System.nanoTime() - tData;
                lr = step.lr(run.step, stepsPerEpoch);
                BatchStep.seedDropout(config.seed(), 0, run.step);
                double[] stepResult = step.run(b, run.train, ps, manager, phase);
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
