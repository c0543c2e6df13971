package dev.prism.train;

import dev.prism.engine.EngineCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelRegistry;
import dev.prism.models.ModelSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLoopTest {

    @TempDir
    Path dir;

    private static final ArraySamples DATA = SyntheticSamples.of(600, 3, 11);
    private static final int[] TRAIN = IntStream.range(0, 450).toArray();
    private static final int[] VAL = IntStream.range(450, 600).toArray();

    private static TrainConfig config(int epochs, double lr) {
        return config(epochs, lr, 0);
    }

    private static TrainConfig config(int epochs, double lr, int micro) {
        return TrainConfig.builder().optEpochs(epochs).optBatchSize(32).optMicroBatch(micro).optLearningRate(lr).optStepEvery(1)
                .optStepGamma(1).optLabelSmoothing(0.05).optClipNorm(5).optSeed(7).build();
    }

    /** Trains the 2-D CNN baseline (4 bands, window 3) on the synthetic set. */
    private TrainingLoop.Result train(Path run, TrainConfig c, boolean resume) throws Exception {
        return train(run, c, resume, Double.NaN);
    }

    private TrainingLoop.Result train(Path run, TrainConfig c, boolean resume, double dropout) throws Exception {
        ModelSpec spec = ModelRegistry.builtIn().get("cnn2d");
        ModelOptions o = ModelOptions.defaults().withClasses(3).withBands(4).withWindow(3).withDropout(dropout);
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = spec.create(m, o, c.seed());
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
            TrainingLoop loop = TrainingLoop.standard(EngineCheck.check(), b, m, c, run, quiet);
            Partition p = Partition.of(TRAIN, VAL);
            return resume ? loop.resume(DATA, p) : loop.fit(DATA, p);
        }
    }

    @Test
    void learnsAndTheSameSeedGivesTheSameMetrics() throws Exception {
        TrainingLoop.Result a = train(dir.resolve("a"), config(3, 0.003), false);
        TrainingLoop.Result b = train(dir.resolve("b"), config(3, 0.003), false);
        assertThat(a.history().get(2).valAccuracy()).as("clearly better than chance (33%)").isGreaterThan(80);
        for (int e = 0; e < 3; e++) {
            assertThat(b.history().get(e).trainLoss()).isEqualTo(a.history().get(e).trainLoss());
            assertThat(b.history().get(e).valAccuracy()).isEqualTo(a.history().get(e).valAccuracy());
        }
        for (EpochRecord r : a.history()) {
            List<Double> phases = List.of(r.dataSeconds(), r.forwardSeconds(), r.backwardSeconds(), r.optimizerSeconds());
            assertThat(phases).as("epoch %d: data, forward, backward, optimizer seconds", r.epoch()).allMatch(t -> t > 0);
            assertThat(r.dataSeconds() + r.forwardSeconds() + r.backwardSeconds() + r.optimizerSeconds())
                    .as("the phases are parts of the epoch").isLessThanOrEqualTo(r.seconds());
        }
        List<String> csv = Files.readAllLines(dir.resolve("a/metrics.csv"));
        assertThat(csv).hasSize(4);
        assertThat(csv.get(0)).isEqualTo(EpochRecord.CSV_HEADER);
        assertThat(Files.readAllLines(dir.resolve("a/metrics.jsonl"))).hasSize(3);
        assertThat(dir.resolve("a/" + TrainingLoop.LAST)).exists();
        assertThat(dir.resolve("a/" + TrainingLoop.BEST)).exists();
    }

    @Test
    void bf16MixedPrecisionLearnsAsFloat32DoesButNotBitForBit() throws Exception {
        dev.prism.EngineAssumptions.assumeBf16();
        TrainingLoop.Result fp32 = train(dir.resolve("fp32"), config(3, 0.003), false);
        TrainingLoop.Result bf16 = train(dir.resolve("bf16"), TrainConfig.builder(config(3, 0.003)).optPrecision(TrainConfig.Precision.BF16).build(), false);
        assertThat(bf16.history().get(2).valAccuracy()).as("clearly better than chance (33%)").isGreaterThan(80);
        assertThat(bf16.history().get(0).trainLoss()).as("bfloat16 arithmetic ran").isNotEqualTo(fp32.history().get(0).trainLoss());
        assertThat(bf16.history().get(2).trainLoss()).isCloseTo(fp32.history().get(2).trainLoss(), within(0.1));
    }

    @Test
    void resumingFromACheckpointEndsExactlyAsAnUninterruptedRun() throws Exception {
        TrainingLoop.Result straight = train(dir.resolve("straight"), config(4, 0.003), false);
        // a run stopped after epoch 2 (its last checkpoint says 2 epochs done), then resumed to 4
        train(dir.resolve("cut"), config(2, 0.003), false);
        TrainingLoop.Result resumed = train(dir.resolve("cut"), config(4, 0.003), true);
        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.history()).hasSize(4);
        for (int e = 0; e < 4; e++) {
            assertThat(resumed.history().get(e).trainLoss()).as("epoch %d", e + 1).isEqualTo(straight.history().get(e).trainLoss());
        }
        assertThat(resumed.history().get(3).valAccuracy()).isEqualTo(straight.history().get(3).valAccuracy());
    }

    @Test
    void aNonFiniteLossStopsTheRunAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path run = dir.resolve("nan");
        train(run, config(1, 0.003), false);
        byte[] good = Files.readAllBytes(run.resolve(TrainingLoop.LAST));
        TrainConfig explode = TrainConfig.builder().optEpochs(3).optBatchSize(32).optOptimizer(TrainConfig.OptimizerKind.SGD)
                .optLearningRate(1e30).optStepEvery(1).optStepGamma(1).optSeed(7).build();
        assertThatThrownBy(() -> train(run, explode, true))
                .isInstanceOf(TrainingLoop.DivergedException.class)
                .hasMessageContaining("training loss became").hasMessageContaining("last good checkpoint");
        assertThat(Files.readAllBytes(run.resolve(TrainingLoop.LAST))).isEqualTo(good);
    }

    /** Accumulating micro-batches gives the same training as whole batches for a network without BatchNorm. */
    @Test
    void microBatchesGiveTheSameUpdate() throws Exception {
        // dropout off: its masks are drawn per chunk, so they would differ
        TrainingLoop.Result whole = train(dir.resolve("whole"), config(2, 0.003, 0), false, 0);
        TrainingLoop.Result micro = train(dir.resolve("micro"), config(2, 0.003, 8), false, 0);
        for (int e = 0; e < 2; e++) {
            assertThat(micro.history().get(e).trainLoss()).isCloseTo(whole.history().get(e).trainLoss(),
                    org.assertj.core.api.Assertions.within(1e-4));
        }
        assertThat(micro.history().get(1).valAccuracy()).isCloseTo(whole.history().get(1).valAccuracy(),
                org.assertj.core.api.Assertions.within(1.0));
    }

    /** Native memory must level off: each step runs in its own NDManager scope. */
    @Test
    void residentMemoryLevelsOff() throws Exception {
        Path run = dir.resolve("mem");
        train(run, config(2, 0.003), false);
        long after2 = rssMiB();
        train(run, config(12, 0.003), true);
        long after12 = rssMiB();
        assertThat(after12 - after2).as("resident memory growth over 10 more epochs (MiB)").isLessThan(60);
    }

    private static long rssMiB() throws Exception {
        System.gc();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    /** Without validation the last epoch is the run's model: no second copy of it is written as "best". */
    @Test
    void aRunWithoutValidationKeepsOnlyItsLastCheckpoint() throws Exception {
        ModelSpec spec = ModelRegistry.builtIn().get("cnn2d");
        ModelOptions o = ModelOptions.defaults().withClasses(3).withBands(4).withWindow(3);
        Path run = dir.resolve("unvalidated");
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = spec.create(m, o, 7);
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
            TrainingLoop.standard(EngineCheck.check(), b, m, config(2, 0.003), run, quiet).fit(DATA, Partition.of(TRAIN, new int[0]));
        }
        assertThat(run.resolve(TrainingLoop.LAST)).exists();
        assertThat(run.resolve(TrainingLoop.BEST)).doesNotExist();
        assertThat(TrainingLoop.evaluationCheckpoint(run, false)).isEqualTo(run.resolve(TrainingLoop.LAST));
    }

    /** A library user's loop: no run folder (nothing written), a listener of their own that sees every epoch and the end. */
    @Test
    void withoutARunFolderNothingIsWrittenAndListenersSeeEveryEpoch() throws Exception {
        ModelSpec spec = ModelRegistry.builtIn().get("cnn2d");
        ModelOptions o = ModelOptions.defaults().withClasses(3).withBands(4).withWindow(3);
        List<String> seen = new java.util.ArrayList<>();
        TrainingLoop.Result[] end = new TrainingLoop.Result[1];
        FitListener listener = new FitListener() {
            @Override
            public void onEpoch(TrainingContext context, EpochRecord record, boolean improved) {
                seen.add(record.epoch() + (improved ? "+" : ""));
            }

            @Override
            public void onTrainingEnd(TrainingContext context, TrainingLoop.Result result) {
                end[0] = result;
            }
        };
        TrainingLoop.Result r;
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = spec.create(m, o, 7);
            r = TrainingLoop.builder(EngineCheck.check(), b, m, config(3, 0.003)).addListener(listener).build().fit(DATA, Partition.of(TRAIN, VAL));
        }
        assertThat(seen).hasSize(3).first().isEqualTo("1+");
        assertThat(end[0]).isSameAs(r);
        assertThat(r.history().get(2).valAccuracy()).isGreaterThan(80);
        TrainingLoop.Result fromFolder = train(dir.resolve("same"), config(3, 0.003), false);
        assertThat(r.history().get(2).trainLoss()).as("the same training with or without a folder")
                .isEqualTo(fromFolder.history().get(2).trainLoss());
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly("same");
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = spec.create(m, o, 7);
            assertThatThrownBy(() -> TrainingLoop.builder(EngineCheck.check(), b, m, config(3, 0.003)).build().resume(DATA, Partition.of(TRAIN, VAL)))
                    .hasMessageContaining("resuming needs a run folder");
            assertThatThrownBy(() -> TrainingLoop.builder(null, b, m, config(3, 0.003)).build())
                    .as("no loop without the engine self-check's result").hasMessageContaining("EngineCheck.check()");
        }
    }

    /** The loss and the optimizer are the caller's; a listener's stop request ends training after that epoch, with its reason. */
    @Test
    void theLossAndOptimizerArePassedInAndAListenerCanStopTraining() throws Exception {
        ModelSpec spec = ModelRegistry.builtIn().get("cnn2d");
        ModelOptions o = ModelOptions.defaults().withClasses(3).withBands(4).withWindow(3);
        int[] lossCalls = new int[1];
        ai.djl.training.loss.Loss counting = new ai.djl.training.loss.Loss("counting") {
            @Override
            public ai.djl.ndarray.NDArray evaluate(ai.djl.ndarray.NDList labels, ai.djl.ndarray.NDList predictions) {
                lossCalls[0]++;
                return Losses.crossEntropy(predictions.singletonOrThrow(), labels.singletonOrThrow(), 0);
            }
        };
        int[] optimizers = new int[1];
        Updater.Factory sgd = (params, manager) -> {
            optimizers[0]++;
            return Updater.sgd(0, 0.9, false).create(params, manager);
        };
        FitListener stopAfterTwo = new FitListener() {
            @Override
            public void onEpoch(TrainingContext context, EpochRecord record, boolean improved) {
                if (record.epoch() == 2) {
                    context.requestStop("enough");
                }
            }
        };
        TrainingLoop.Result r;
        TrainingLoop.Result adam;
        try (NDManager m = NDManager.newBaseManager()) {
            r = TrainingLoop.builder(EngineCheck.check(), spec.create(m, o, 7), m, config(5, 0.01)).optLoss(counting).optOptimizer(sgd)
                    .addListener(stopAfterTwo).build().fit(DATA, Partition.of(TRAIN, VAL));
            adam = TrainingLoop.builder(EngineCheck.check(), spec.create(m, o, 7), m, config(2, 0.01)).build().fit(DATA, Partition.of(TRAIN, VAL));
        }
        assertThat(r.history()).hasSize(2);
        assertThat(r.stopReason()).isEqualTo("enough");
        assertThat(r.stoppedEarly()).isTrue();
        assertThat(lossCalls[0]).as("one loss per batch, 15 batches per epoch").isEqualTo(2 * 15);
        assertThat(optimizers[0]).isEqualTo(1);
        assertThat(r.history().get(1).trainLoss()).as("SGD is not the configuration's Adam").isNotEqualTo(adam.history().get(1).trainLoss());
        assertThatThrownBy(() -> new EarlyStopping(0, null)).hasMessage("patience must be >= 1, got 0");
    }

    /** Early stopping as a listener: no improvement for {@code patience} epochs stops the run. */
    @Test
    void earlyStoppingStopsWhenValidationDoesNotImprove() throws Exception {
        ModelSpec spec = ModelRegistry.builtIn().get("cnn2d");
        ModelOptions o = ModelOptions.defaults().withClasses(3).withBands(4).withWindow(3);
        TrainingLoop.Result r;
        try (NDManager m = NDManager.newBaseManager()) {
            // a vanishing learning rate: nothing improves after the first epoch
            r = TrainingLoop.builder(EngineCheck.check(), spec.create(m, o, 7), m, config(10, 1e-12)).addListener(new EarlyStopping(2, null)).build()
                    .fit(DATA, Partition.of(TRAIN, VAL));
        }
        assertThat(r.history()).hasSize(3);
        assertThat(r.bestEpoch()).isEqualTo(1);
        assertThat(r.stopReason()).startsWith("no validation improvement for 2 epochs");
    }

    /** The progress bar's rate counts the time the batches took: its clock starts before an epoch's first batch, not at it. */
    @Test
    void theProgressBarsClockStartsWithTheEpoch() throws Exception {
        TrainConfig c = config(1, 0.003);
        TrainingContext context = (TrainingContext) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TrainingContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "config" -> c;
                    case "trainIndices" -> TRAIN;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressLogger logger = new ProgressLogger(new PrintStream(out, true));
        logger.onEpochStart(context, 1);
        Thread.sleep(100); // the first batch takes 100 ms: at most 320 samples/s
        logger.onTrainingBatch(context, new BatchResult(1, 0, 0.003, 1.0, 32, 32, TRAIN.length, 1.0, 50));
        java.util.regex.Matcher rate = java.util.regex.Pattern.compile(" (\\d+) samples/s ETA").matcher(out.toString());
        assertThat(rate.find()).as(out.toString()).isTrue();
        assertThat(Double.parseDouble(rate.group(1))).as(out.toString()).isLessThanOrEqualTo(320);
    }
}
