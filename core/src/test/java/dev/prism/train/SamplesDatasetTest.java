package dev.prism.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelRegistry;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Prism's samples as a DJL Dataset: a zoo model learns them under DJL's own Trainer. */
class SamplesDatasetTest {

    @Test
    void djlsTrainerLearnsFromPrismSamples() throws Exception {
        ArraySamples data = SyntheticSamples.of(600, 3, 11);
        SamplesDataset train = SamplesDataset.builder().setSamples(data).optIndices(IntStream.range(0, 450).toArray())
                .setSampling(32, true).build();
        SamplesDataset test = SamplesDataset.builder().setSamples(data).optIndices(IntStream.range(450, 600).toArray())
                .setSampling(50, false).build();
        assertThat(train.size()).isEqualTo(450);
        try (NDManager manager = NDManager.newBaseManager(); Model model = Model.newInstance("cnn2d")) {
            ModelOptions o = ModelOptions.defaults().withClasses(3).withBands(4).withWindow(3);
            model.setBlock(ModelRegistry.available().get("cnn2d").build(o));
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.003f)).build())
                    .addEvaluator(new Accuracy())
                    .addTrainingListeners(new ai.djl.training.listener.EvaluatorTrainingListener());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(32, 1, 4, 3, 3));
                EasyTrain.fit(trainer, 3, train, test);
                assertThat(trainer.getTrainingResult().getValidateEvaluation("Accuracy")).as("well above chance (1/3)").isGreaterThan(0.8f);
            }
        }
        assertThatThrownBy(() -> SamplesDataset.builder().setSamples(data).optIndices(new int[] {600}).setSampling(1, false).build())
                .hasMessageContaining("index 600 is outside the 600 samples");
    }
}
