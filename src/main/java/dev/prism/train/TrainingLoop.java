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
 * The one training loop every task uses. Each step runs in its own short-lived {@link NDManager}
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

    private final Block block;
    private final NDManager manager;
    private final TrainConfig config;
    private final Path runDir;
    private final PrintStream log;

    public TrainingLoop(Block block, NDManager manager, TrainConfig config, Path runDir, PrintStream log) {
        this.block = block;
        this.manager = manager;
        this.config = config;
        this.runDir = runDir;
        this.log = log;
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

    public Result fit(Samples train, int[] trainIdx, Samples val, int[] valIdx, boolean resume) throws IOException {
        Map<String, Parameter> trainable = new LinkedHashMap<>();
        TorchNames.of(block).forEach((k, p) -> {
            if (p.requiresGradient()) {
                trainable.put(k, p);
            }
        });
        Optimizer optimizer = Optimizer.create(config, trainable, manager);
        Path last = runDir.resolve(LAST);
        Path best = runDir.resolve(BEST);
        Files.createDirectories(last.getParent());
        Checkpoint.LoopState state = new Checkpoint.LoopState(0, 0, new ArrayList<>(), Double.NEGATIVE_INFINITY, 0, 0);
        boolean resumed = false;
        if (resume && Files.isRegularFile(last)) {
            state = Checkpoint.load(last, block, optimizer);
            resumed = true;
            log.printf(Locale.ROOT, "resuming %s after epoch %d of %d%n", runDir, state.epochsDone(), config.epochs());
        }
        List<EpochRecord> history = new ArrayList<>(state.history());
        long stepsPerEpoch = (trainIdx.length + config.batchSize() - 1) / config.batchSize();
        long totalSteps = stepsPerEpoch * config.epochs();
        long step = state.steps();
        double bestScore = state.bestScore();
        int bestEpoch = state.bestEpoch();
        int sinceBest = state.sinceBest();
        boolean stoppedEarly = false;
        String warning = null;
        double majority = majorityFraction(train, trainIdx);
        ParameterStore ps = new ParameterStore(manager, false);
        long[] sampleShape = train.sampleShape();
        for (int epoch = state.epochsDone() + 1; epoch <= config.epochs(); epoch++) {
            Engine.getInstance().setRandomSeed((int) (config.seed() * 7919 + epoch));
            int[] order = order(trainIdx, config.seed(), epoch);
            long t0 = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            double lr = 0;
            long[] phase = new long[4]; // nanoseconds: data, forward (with the loss), backward, optimizer
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
                    lr = config.schedule().lr(config, step, totalSteps, stepsPerEpoch);
                    int n = b.labels().length;
                    int chunk = config.microBatch() > 0 ? Math.min(config.microBatch(), n) : n;
                    double lossValue = 0;
                    int per = train.sampleSize();
                    for (int start = 0; start < n; start += chunk) {
                        int m = Math.min(chunk, n - start);
                        try (NDManager bm = manager.newSubManager()) {
                            long tInput = System.nanoTime();
                            float[] xs = m == n ? b.x() : java.util.Arrays.copyOfRange(b.x(), start * per, (start + m) * per);
                            NDArray x = EngineCheck.inputLayout().create(bm, xs, Inference.batchShape(m, sampleShape));
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
                                optimizer.zeroGradients();
                                throw new DivergedException(String.format(Locale.ROOT,
                                        "training loss became %s at epoch %d, step %d (learning rate %.3g): the run stopped; %s;"
                                                + " a lower learning rate or gradient clipping may help",
                                        chunkLoss, epoch, step + 1, lr, Files.exists(last)
                                                ? "its last good checkpoint (epoch " + (epoch - 1) + ") is kept at " + last
                                                : "it diverged in its first epoch, so no checkpoint is kept"));
                            }
                            lossValue += chunkLoss * m / (double) n;
                            correct += scores.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false)
                                    .eq(y.toType(ai.djl.ndarray.types.DataType.INT32, false)).sum().getLong();
                        }
                    }
                    long tOptimizer = System.nanoTime();
                    optimizer.step(lr, config.clipNorm());
                    phase[3] += System.nanoTime() - tOptimizer;
                    step++;
                    lossSum += lossValue * n;
                    seen += n;
                    bar.update(seen, String.format(Locale.ROOT, "loss %.4f acc %.2f%%", lossSum / seen, 100.0 * correct / seen));
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double valLoss = Double.NaN;
            double valAcc = Double.NaN;
            if (val != null && valIdx.length > 0) {
                Inference.Predictions p = Inference.predict(block, manager, val, valIdx, Math.max(config.batchSize(), 64), true, null);
                long ok = 0;
                for (int i = 0; i < valIdx.length; i++) {
                    ok += p.predicted()[i] == val.label(valIdx[i]) ? 1 : 0;
                }
                valAcc = 100.0 * ok / valIdx.length;
                valLoss = p.meanLoss();
            }
            EpochRecord rec = new EpochRecord(epoch, lossSum / seen, 100.0 * correct / seen, valLoss, valAcc, lr, seconds, seen / seconds,
                    phase[0] / 1e9, phase[1] / 1e9, phase[2] / 1e9, phase[3] / 1e9, ProcessMemory.rssMiB(), ProcessMemory.peakRssMiB());
            history.add(rec);
            log.printf(Locale.ROOT, "epoch %d/%d: loss %.4f train acc %.2f%%%s, %.1f s (%.0f samples/s)%n", epoch, config.epochs(),
                    rec.trainLoss(), rec.trainAccuracy(),
                    Double.isNaN(valAcc) ? "" : String.format(Locale.ROOT, ", val loss %.4f val acc %.2f%%", valLoss, valAcc),
                    seconds, rec.samplesPerSecond());
            if (epoch >= 3 && rec.trainAccuracy() <= 100 * majority + 1.0) {
                warning = String.format(Locale.ROOT,
                        "training accuracy %.2f%% is stuck at the majority-class share (%.2f%%) after %d epochs: the network has collapsed to one class",
                        rec.trainAccuracy(), 100 * majority, epoch);
                log.println("WARNING: " + warning);
            }
            double score = Double.isNaN(valAcc) ? rec.trainAccuracy() : valAcc;
            boolean improved = score > bestScore;
            if (improved) {
                bestScore = score;
                bestEpoch = epoch;
                sinceBest = 0;
            } else {
                sinceBest++;
            }
            Checkpoint.LoopState now = new Checkpoint.LoopState(epoch, step, history, bestScore, bestEpoch, sinceBest);
            writeMetrics(history);
            Checkpoint.save(last, block, optimizer, now);
            if (improved) {
                Files.copy(last, runDir.resolve("checkpoints/.best.tmp"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.move(runDir.resolve("checkpoints/.best.tmp"), best,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            if (config.patience() > 0 && val != null && sinceBest >= config.patience()) {
                log.printf(Locale.ROOT, "early stop: no validation improvement for %d epochs (best %.2f%% at epoch %d)%n",
                        sinceBest, bestScore, bestEpoch);
                stoppedEarly = true;
                break;
            }
        }
        return new Result(history, bestEpoch, stoppedEarly, resumed, warning);
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
