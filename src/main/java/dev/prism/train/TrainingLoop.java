package dev.prism.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.prism.io.AtomicFiles;
import dev.prism.nn.Autocast;
import dev.prism.engine.EngineCheck;
import dev.prism.nn.TorchNames;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The one training loop every task uses, in three parts: a step (one batch, forward and backward
 * in micro-batches, the optimizer update), an epoch (the shuffled batches, then validation) and
 * the fit (epochs, best epoch, early stopping, resume). {@link Listener}s see every epoch and the
 * end of training. With a run folder, the loop writes its files there; without one ({@code runDir}
 * null) it writes nothing and cannot resume.
 *
 * <p> Each step runs in its own short-lived {@link NDManager}
 * (DJL attaches every result to the manager of its first input; without this scope native memory
 * grows without end, DJL issues #2210 and #1317). After every epoch it writes
 * {@code metrics.csv}, {@code metrics.jsonl} and an atomic checkpoint, so a killed run resumes from
 * its last completed epoch and ends exactly as an uninterrupted run with the same seed would.
 */
public final class TrainingLoop {

    public static final String LAST = "checkpoints/last.safetensors";

    public static final String BEST = "checkpoints/best.safetensors";

    /** The checkpoint a finished run is evaluated with: the best epoch when it had validation, else the last. */
    public static Path evaluationCheckpoint(Path runDir, boolean hadValidation) {
        Path best = runDir.resolve(BEST);
        return hadValidation && Files.isRegularFile(best) ? best : runDir.resolve(LAST);
    }

    /** How the run ended. */
    public record Result(List<EpochRecord> history, int bestEpoch, boolean stoppedEarly, boolean resumed, String warning) {
        /** Seconds of training across every process that worked on the run. */
        public double trainSeconds() {
            return EpochRecord.totalSeconds(history);
        }
    }

    /** Thrown when the loss stops being finite; the last good checkpoint is kept. */
    public static final class DivergedException extends IllegalStateException {
        public DivergedException(String message) {
            super(message);
        }
    }

    /** Told of each finished epoch and of the end of training (progress, logging, a user's own bookkeeping). */
    public interface Listener {
        /** After epoch {@code record.epoch()} (and after its checkpoint, with a run folder); {@code improved}: a new best epoch. */
        default void onEpochEnd(EpochRecord record, boolean improved) {}

        /** After the last epoch, or after early stopping. */
        default void onTrainingEnd(Result result) {}
    }

    private final Block block;
    private final NDManager manager;
    private final TrainConfig config;
    private final Path runDir;
    private final PrintStream log;
    private final List<Listener> listeners = new ArrayList<>();

    /**
     * @param runDir where checkpoints and metric files go; null: nothing is written (no resume)
     * @param log progress bars and one line per epoch
     */
    public TrainingLoop(Block block, NDManager manager, TrainConfig config, Path runDir, PrintStream log) {
        this.block = block;
        this.manager = manager;
        this.config = config;
        this.runDir = runDir;
        this.log = log;
    }

    /** Adds a listener; returns this loop. */
    public TrainingLoop addListener(Listener listener) {
        listeners.add(listener);
        return this;
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

    /** Where training stands: what a checkpoint stores, plus the optimizer. */
    private static final class Standing {
        final List<EpochRecord> history;
        final Optimizer optimizer;
        long step;
        double bestScore;
        int bestEpoch;
        int sinceBest;

        Standing(Checkpoint.LoopState s, Optimizer optimizer) {
            history = new ArrayList<>(s.history());
            this.optimizer = optimizer;
            step = s.steps();
            bestScore = s.bestScore();
            bestEpoch = s.bestEpoch();
            sinceBest = s.sinceBest();
        }

        Checkpoint.LoopState state() {
            return new Checkpoint.LoopState(history.size() == 0 ? 0 : history.get(history.size() - 1).epoch(), step, history,
                    bestScore, bestEpoch, sinceBest);
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
    }

    /** One epoch's training figures before validation. */
    private record EpochTraining(double lossSum, long correct, long seen, double lr, double seconds, long[] phase) {}

    /**
     * Trains on {@code trainIdx} of {@code train} for the configured epochs, validating on
     * {@code valIdx} of {@code val} after each (the best epoch is the best validation accuracy, or
     * training accuracy without validation). With {@code resume} and a checkpoint in the run folder,
     * continues after its last epoch and ends exactly as an uninterrupted run would.
     */
    public Result fit(Samples train, int[] trainIdx, Samples val, int[] valIdx, boolean resume) throws IOException {
        if (resume && runDir == null) {
            throw new IllegalArgumentException("resuming needs a run folder with a checkpoint");
        }
        Optimizer optimizer = Optimizer.create(config, trainable(), manager);
        Standing p = new Standing(restore(resume, optimizer), optimizer);
        boolean resumed = !p.history.isEmpty();
        long stepsPerEpoch = (trainIdx.length + config.batchSize() - 1) / config.batchSize();
        double majority = majorityFraction(train, trainIdx);
        boolean stoppedEarly = false;
        String warning = null;
        for (int epoch = p.history.size() + 1; epoch <= config.epochs(); epoch++) {
            EpochTraining t = trainEpoch(epoch, train, trainIdx, p, stepsPerEpoch);
            double[] v = validate(val, valIdx);
            EpochRecord rec = new EpochRecord(epoch, t.lossSum() / t.seen(), 100.0 * t.correct() / t.seen(), v[0], v[1], t.lr(),
                    t.seconds(), t.seen() / t.seconds(), t.phase()[0] / 1e9, t.phase()[1] / 1e9, t.phase()[2] / 1e9,
                    t.phase()[3] / 1e9, ProcessMemory.rssMiB(), ProcessMemory.peakRssMiB());
            p.history.add(rec);
            log.printf(Locale.ROOT, "epoch %d/%d: loss %.4f train acc %.2f%%%s, %.1f s (%.0f samples/s)%n", epoch, config.epochs(),
                    rec.trainLoss(), rec.trainAccuracy(),
                    Double.isNaN(v[1]) ? "" : String.format(Locale.ROOT, ", val loss %.4f val acc %.2f%%", v[0], v[1]),
                    t.seconds(), rec.samplesPerSecond());
            if (epoch >= 3 && rec.trainAccuracy() <= 100 * majority + 1.0) {
                warning = String.format(Locale.ROOT,
                        "training accuracy %.2f%% is stuck at the majority-class share (%.2f%%) after %d epochs: the network has collapsed to one class",
                        rec.trainAccuracy(), 100 * majority, epoch);
                log.println("WARNING: " + warning);
            }
            boolean improved = p.score(Double.isNaN(v[1]) ? rec.trainAccuracy() : v[1], epoch);
            persist(p, improved);
            for (Listener l : listeners) {
                l.onEpochEnd(rec, improved);
            }
            if (config.patience() > 0 && val != null && p.sinceBest >= config.patience()) {
                log.printf(Locale.ROOT, "early stop: no validation improvement for %d epochs (best %.2f%% at epoch %d)%n",
                        p.sinceBest, p.bestScore, p.bestEpoch);
                stoppedEarly = true;
                break;
            }
        }
        Result result = new Result(p.history, p.bestEpoch, stoppedEarly, resumed, warning);
        for (Listener l : listeners) {
            l.onTrainingEnd(result);
        }
        return result;
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
    private Checkpoint.LoopState restore(boolean resume, Optimizer optimizer) throws IOException {
        Path last = runDir == null ? null : runDir.resolve(LAST);
        if (resume && Files.isRegularFile(last)) {
            Checkpoint.LoopState state = Checkpoint.load(last, block, optimizer);
            log.printf(Locale.ROOT, "resuming %s after epoch %d of %d%n", runDir, state.epochsDone(), config.epochs());
            return state;
        }
        return new Checkpoint.LoopState(0, 0, new ArrayList<>(), Double.NEGATIVE_INFINITY, 0, 0);
    }

    /** One pass over the shuffled training indices. */
    private EpochTraining trainEpoch(int epoch, Samples train, int[] trainIdx, Standing p, long stepsPerEpoch) throws IOException {
        Engine.getInstance().setRandomSeed((int) (config.seed() * 7919 + epoch));
        int[] order = order(trainIdx, config.seed(), epoch);
        long t0 = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        double lr = 0;
        long[] phase = new long[4]; // nanoseconds: data, forward (with the loss), backward, optimizer
        ParameterStore ps = new ParameterStore(manager, false);
        Progress bar = new Progress(log, String.format(Locale.ROOT, "epoch %d/%d", epoch, config.epochs()), order.length);
        try (Batches batches = new Batches(train, order, config.batchSize(),
                config.augment() ? config.seed() * 1_000_003L + epoch : null, 4)) {
            while (true) {
                long tData = System.nanoTime();
                if (!batches.hasNext()) {
                    break;
                }
                Batches.Batch b = batches.next();
                phase[0] += System.nanoTime() - tData;
                lr = config.schedule().lr(config, p.step, stepsPerEpoch * config.epochs(), stepsPerEpoch);
                double[] stepResult = step(b, train, ps, p, phase, epoch, lr);
                long tOptimizer = System.nanoTime();
                p.optimizer.step(lr, config.clipNorm());
                phase[3] += System.nanoTime() - tOptimizer;
                p.step++;
                int n = b.labels().length;
                lossSum += stepResult[0] * n;
                correct += (long) stepResult[1];
                seen += n;
                bar.update(seen, String.format(Locale.ROOT, "loss %.4f acc %.2f%%", lossSum / seen, 100.0 * correct / seen));
            }
        }
        return new EpochTraining(lossSum, correct, seen, lr, (System.nanoTime() - t0) / 1e9, phase);
    }

    /**
     * Forward and backward of one batch, in micro-batches whose gradients add up to the whole
     * batch's; each in its own short-lived manager. Returns {mean loss, correct predictions}. A loss
     * that is not finite stops the run ({@link DivergedException}).
     */
    private double[] step(Batches.Batch b, Samples train, ParameterStore ps, Standing p, long[] phase, int epoch, double lr) {
        int n = b.labels().length;
        int chunk = config.microBatch() > 0 ? Math.min(config.microBatch(), n) : n;
        double lossValue = 0;
        long correct = 0;
        int per = train.sampleSize();
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            try (NDManager bm = manager.newSubManager()) {
                long tInput = System.nanoTime();
                float[] xs = m == n ? b.x() : java.util.Arrays.copyOfRange(b.x(), start * per, (start + m) * per);
                NDArray x = EngineCheck.inputLayout().create(bm, xs, Inference.batchShape(m, train.sampleShape()));
                NDArray y = bm.create(java.util.Arrays.copyOfRange(b.labels(), start, start + m));
                NDArray scores;
                NDArray loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    long tForward = System.nanoTime();
                    phase[0] += tForward - tInput;
                    try (Autocast.Scope a = Autocast.bf16(config.precision() == TrainConfig.Precision.BF16)) {
                        scores = block.forward(ps, new NDList(x), true).singletonOrThrow();
                    }
                    loss = Losses.crossEntropy(scores, y, config.labelSmoothing());
                    long tBackward = System.nanoTime();
                    phase[1] += tBackward - tForward;
                    // the chunk's share of the batch mean, so accumulated gradients equal the whole batch's
                    gc.backward(m == n ? loss : loss.mul((float) m / n));
                    phase[2] += System.nanoTime() - tBackward;
                }
                float chunkLoss = loss.getFloat();
                if (!Float.isFinite(chunkLoss)) {
                    p.optimizer.zeroGradients();
                    throw diverged(chunkLoss, epoch, p.step, lr);
                }
                lossValue += chunkLoss * m / (double) n;
                correct += scores.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false)
                        .eq(y.toType(ai.djl.ndarray.types.DataType.INT32, false)).sum().getLong();
            }
        }
        return new double[] {lossValue, correct};
    }

    private DivergedException diverged(float loss, int epoch, long step, double lr) {
        Path last = runDir == null ? null : runDir.resolve(LAST);
        return new DivergedException(String.format(Locale.ROOT,
                "training loss became %s at epoch %d, step %d (learning rate %.3g): the run stopped; %s;"
                        + " a lower learning rate or gradient clipping may help",
                loss, epoch, step + 1, lr, last != null && Files.exists(last)
                        ? "its last good checkpoint (epoch " + (epoch - 1) + ") is kept at " + last
                        : runDir == null ? "nothing was saved (no run folder)" : "it diverged in its first epoch, so no checkpoint is kept"));
    }

    /** {validation loss, validation accuracy in %}, NaN without validation indices. */
    private double[] validate(Samples val, int[] valIdx) {
        if (val == null || valIdx.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        Inference.Predictions p = Inference.predict(block, manager, val, valIdx, Math.max(config.batchSize(), 64), true, null);
        long ok = 0;
        for (int i = 0; i < valIdx.length; i++) {
            ok += p.predicted()[i] == val.label(valIdx[i]) ? 1 : 0;
        }
        return new double[] {p.meanLoss(), 100.0 * ok / valIdx.length};
    }

    /** With a run folder: metric files, the last checkpoint and (when improved) the best one, each atomically. */
    private void persist(Standing p, boolean improved) throws IOException {
        if (runDir == null) {
            return;
        }
        Path last = runDir.resolve(LAST);
        Files.createDirectories(last.getParent());
        writeMetrics(p.history);
        Checkpoint.save(last, block, p.optimizer, p.state());
        if (improved) {
            Path tmp = runDir.resolve("checkpoints/.best.tmp");
            Files.copy(last, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, runDir.resolve(BEST), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static double majorityFraction(Samples s, int[] idx) {
        int[] counts = new int[s.classes()];
        for (int i : idx) {
            counts[s.label(i)]++;
        }
        int max = 0;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        return idx.length == 0 ? 0 : (double) max / idx.length;
    }

    private void writeMetrics(List<EpochRecord> history) throws IOException {
        StringBuilder csv = new StringBuilder(EpochRecord.CSV_HEADER).append('\n');
        StringBuilder jsonl = new StringBuilder();
        com.google.gson.Gson gson = dev.prism.io.StrictJson.COMPACT;
        for (EpochRecord r : history) {
            csv.append(r.csv()).append('\n');
            jsonl.append(gson.toJson(r)).append('\n');
        }
        AtomicFiles.writeString(runDir.resolve("metrics.csv"), csv.toString());
        AtomicFiles.writeString(runDir.resolve("metrics.jsonl"), jsonl.toString());
    }
}
