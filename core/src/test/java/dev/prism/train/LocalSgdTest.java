package dev.prism.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.prism.engine.EngineCheck;
import dev.prism.engine.EngineConfig;
import dev.prism.io.Tensor;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelRegistry;
import dev.prism.models.StateDict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local SGD in one process: one worker with one local step is the ordinary loop bit for bit;
 * several workers are deterministic, learn, and resume as the ordinary loop does.
 */
class LocalSgdTest {

    @TempDir
    Path dir;

    private static final ArraySamples DATA = SyntheticSamples.of(600, 3, 11);
    private static final int[] TRAIN = IntStream.range(0, 450).toArray();
    private static final int[] VAL = IntStream.range(450, 600).toArray();

    private static TrainConfig config(int epochs, int workers, int localSteps) {
        return TrainConfig.builder().optEpochs(epochs).optBatchSize(32).optLearningRate(0.003).optLabelSmoothing(0.05).optClipNorm(5)
                .optWarmupEpochs(1).optSeed(7).optWorkers(workers).optLocalSteps(localSteps).build();
    }

    /** What a run ends with: its history and its weights. */
    private record Trained(TrainingLoop.Result result, Map<String, Tensor> weights) {}

    /** The 2-D CNN baseline (4 bands, window 3, dropout 0.4) trained on the synthetic set; {@code rounds} forces training by rounds. */
    private Trained train(Path run, TrainConfig c, boolean rounds, boolean resume) throws Exception {
        return train(run, c, rounds, resume, null);
    }

    private Trained train(Path run, TrainConfig c, boolean rounds, boolean resume, FitListener extra) throws Exception {
        ModelOptions o = ModelOptions.defaults().withClasses(3).withBands(4).withWindow(3).withDropout(0.4);
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = ModelRegistry.builtIn().get("cnn2d").create(m, o, c.seed());
            EngineConfig engine = EngineCheck.check();
            TrainingLoop.Builder builder = TrainingLoop.builder(engine, b, m, c).optRunDir(run)
                    .addListeners(FitListener.Defaults.logging(c, new PrintStream(new ByteArrayOutputStream())));
            if (extra != null) {
                builder.addListener(extra);
            }
            if (rounds) {
                builder.optWorkers(LocalSgd.inProcess(engine, b, m, c, Losses.crossEntropy(c.regularization().labelSmoothing())));
            }
            TrainingLoop loop = builder.build();
            Partition p = Partition.of(TRAIN, VAL);
            TrainingLoop.Result r = resume ? loop.resume(DATA, p) : loop.fit(DATA, p);
            return new Trained(r, StateDict.extract(b));
        }
    }

    private static void assertSameWeights(Map<String, Tensor> a, Map<String, Tensor> b) {
        assertThat(a.keySet()).isEqualTo(b.keySet());
        a.forEach((k, t) -> assertThat(Arrays.equals(t.data(), b.get(k).data())).as("tensor %s bit for bit", k).isTrue());
    }

    @Test
    void oneWorkerWithOneLocalStepIsOrdinaryTrainingStepForStep() throws Exception {
        Trained ordinary = train(dir.resolve("ordinary"), config(2, 1, 1), false, false);
        Trained rounds = train(dir.resolve("rounds"), config(2, 1, 1), true, false);
        assertSameWeights(rounds.weights(), ordinary.weights());
        for (int e = 0; e < 2; e++) {
            assertThat(rounds.result().history().get(e).trainLoss()).isEqualTo(ordinary.result().history().get(e).trainLoss());
        }
        // a round per batch: 450 samples in batches of 32
        assertThat(Files.readAllLines(dir.resolve("rounds/rounds.csv"))).hasSize(1 + 2 * 15);
        assertThat(dir.resolve("ordinary/rounds.csv")).doesNotExist();
    }

    @Test
    void severalWorkersAreDeterministicLearnAndLogTheirRounds() throws Exception {
        TrainConfig c = config(3, 3, 2);
        Trained a = train(dir.resolve("a"), c, false, false);
        Trained b = train(dir.resolve("b"), c, false, false);
        assertSameWeights(b.weights(), a.weights());
        assertThat(a.result().history().get(2).valAccuracy()).as("clearly better than chance (33%)").isGreaterThan(70);
        // 150 samples a shard: 5 batches an epoch, rounds of 2, 2 and 1 batches
        List<String> rounds = Files.readAllLines(dir.resolve("a/rounds.csv"));
        assertThat(rounds).hasSize(1 + 3 * 3);
        assertThat(rounds.get(3)).startsWith("1,2,1,3,");
        Trained ordinary = train(dir.resolve("one"), config(3, 1, 1), false, false);
        assertThat(Arrays.equals(a.weights().values().iterator().next().data(), ordinary.weights().values().iterator().next().data()))
                .as("three workers averaging are not one").isFalse();
    }

    @Test
    void anAveragedRunResumedAfterAnEpochEndsAsAnUninterruptedOne() throws Exception {
        Trained straight = train(dir.resolve("straight"), config(3, 2, 3), false, false);
        train(dir.resolve("cut"), config(1, 2, 3), false, false);
        Trained resumed = train(dir.resolve("cut"), config(3, 2, 3), false, true);
        assertThat(resumed.result().resumed()).isTrue();
        assertSameWeights(resumed.weights(), straight.weights());
    }

    /** The driver killed in the middle of an epoch: the resumed run continues after the last finished round. */
    @Test
    void aRunKilledBetweenRoundsResumesAfterItsLastRound() throws Exception {
        TrainConfig c = config(2, 2, 2); // 225 samples a shard: 8 batches an epoch, 4 rounds
        Trained straight = train(dir.resolve("straight"), c, false, false);
        FitListener killer = new FitListener() {
            @Override
            public void onTrainingBatch(TrainingContext context, BatchResult batch) {
                if (batch.epoch() == 2 && batch.step() == 8 + 4) { // the third round of epoch 2
                    throw new IllegalStateException("killed");
                }
            }
        };
        assertThatThrownBy(() -> train(dir.resolve("cut"), c, false, false, killer)).hasMessage("killed");
        assertThat(dir.resolve("cut/" + TrainingLoop.ROUND)).exists();
        assertThat(Checkpoint.metadata(dir.resolve("cut/" + TrainingLoop.ROUND)).get("prism_round")).contains("\"nextRound\":2");
        Trained resumed = train(dir.resolve("cut"), c, false, true);
        assertSameWeights(resumed.weights(), straight.weights());
        assertThat(resumed.result().history().get(1).trainLoss()).isEqualTo(straight.result().history().get(1).trainLoss());
        // a fresh run in the same folder starts at its first round, whatever round checkpoint is there
        Trained again = train(dir.resolve("cut"), c, false, false);
        assertSameWeights(again.weights(), straight.weights());
    }

    @Test
    void aCustomOptimizerCannotBeAveraged() {
        TrainConfig c = config(1, 2, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = ModelRegistry.builtIn().get("cnn2d").create(m, ModelOptions.defaults().withClasses(3).withBands(4).withWindow(3), 1);
            assertThatThrownBy(() -> TrainingLoop.builder(EngineCheck.check(), b, m, c).optOptimizer(Updater.sgd(0, 0.9, false)).build())
                    .hasMessageContaining("a custom optimizer cannot be given with workers");
        }
    }

    @Test
    void shardsDealTheTrainingSetOnceAndEvenly() {
        int[][] s = LocalSgd.shards(TRAIN, 4, 9);
        assertThat(Arrays.stream(s).mapToInt(x -> x.length).toArray()).containsExactly(113, 113, 112, 112);
        assertThat(Arrays.stream(s).flatMapToInt(Arrays::stream).sorted().toArray()).isEqualTo(TRAIN);
        assertThat(LocalSgd.shards(TRAIN, 4, 9)).isDeepEqualTo(s);
        assertThat(LocalSgd.shards(TRAIN, 4, 10)[0]).isNotEqualTo(s[0]);
        assertThat(LocalSgd.shards(TRAIN, 1, 9)[0]).isEqualTo(TRAIN);
        assertThat(LocalSgd.batchesPerEpoch(s, 32)).isEqualTo(4);
        assertThatThrownBy(() -> LocalSgd.shards(new int[] {1, 2}, 3, 1)).hasMessageContaining("3 workers for 2 training samples");
    }

    @Test
    void theMeanStateIsElementwiseAndOneStateIsItself() {
        LocalSgd.State a = new LocalSgd.State(Map.of("w", new Tensor(new long[] {2}, new float[] {1f, 2f})),
                Map.of("w#0", new Tensor(new long[] {2}, new float[] {0f, 4f})), 5);
        LocalSgd.State b = new LocalSgd.State(Map.of("w", new Tensor(new long[] {2}, new float[] {2f, 0.1f})),
                Map.of("w#0", new Tensor(new long[] {2}, new float[] {1f, 0f})), 5);
        LocalSgd.State mean = LocalSgd.State.mean(List.of(a, b));
        assertThat(mean.model().get("w").data()).containsExactly(1.5f, (float) ((2.0 + (double) 0.1f) / 2));
        assertThat(mean.optim().get("w#0").data()).containsExactly(0.5f, 2f);
        assertThat(mean.steps()).isEqualTo(5);
        assertThat(LocalSgd.State.mean(List.of(a))).isSameAs(a);
        LocalSgd.State late = new LocalSgd.State(b.model(), b.optim(), 6);
        assertThatThrownBy(() -> LocalSgd.State.mean(List.of(a, late))).hasMessageContaining("step count");
        assertThat(a.bytes()).isEqualTo(16);
    }

    @Test
    void aConfigWritesItsWorkersOnlyWhenItAverages() {
        com.google.gson.Gson gson = dev.prism.io.StrictJson.PRETTY;
        String ordinary = gson.toJson(config(2, 1, 1));
        assertThat(ordinary).doesNotContain("workers").doesNotContain("localSteps");
        String averaged = gson.toJson(config(2, 4, 8));
        assertThat(averaged).contains("\"workers\": 4").contains("\"localSteps\": 8");
        assertThat(gson.fromJson(averaged, TrainConfig.class).parallel()).isEqualTo(new TrainConfig.Parallel(4, 8));
        assertThat(gson.fromJson(ordinary, TrainConfig.class).parallel()).isEqualTo(TrainConfig.Parallel.ONE);
        assertThatThrownBy(() -> config(2, 0, 1)).hasMessageContaining("workers must be >= 1, got 0");
    }
}
