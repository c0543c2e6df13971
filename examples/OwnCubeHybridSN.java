import ai.djl.ndarray.NDManager;
import dev.prism.engine.EngineCheck;
import dev.prism.engine.EngineConfig;
import ai.djl.nn.Block;
import dev.prism.data.hsi.PatchSamples;
import dev.prism.data.hsi.Pca;
import dev.prism.data.hsi.Scene;
import dev.prism.data.hsi.SceneLoader;
import dev.prism.data.hsi.Split;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelRegistry;
import dev.prism.train.EpochRecord;
import dev.prism.train.FitListener;
import dev.prism.train.Inference;
import dev.prism.train.Recipe;
import dev.prism.train.TrainConfig;
import dev.prism.train.TrainingContext;
import dev.prism.train.TrainingLoop;
import dev.prism.train.Updater;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** Your own hyperspectral cube and labels (here: made up in memory) with HybridSN-CBAM and Prism's training loop. */
public class OwnCubeHybridSN {
    public static void main(String[] args) throws Exception {
        int rows = 30, cols = 30, bands = 40;
        float[] cube = new float[rows * cols * bands];
        int[] labels = new int[rows * cols];
        Random rng = new Random(1);
        for (int p = 0; p < rows * cols; p++) {
            labels[p] = 1 + (p % cols) / 10;                      // three fields side by side, labels 1..3
            for (int b = 0; b < bands; b++) {                     // each class has its own spectrum, plus noise
                cube[p * bands + b] = (float) (Math.sin(b * labels[p] * 0.2) + 0.3 * rng.nextGaussian());
            }
        }
        Scene scene = SceneLoader.fromArrays("my field", cube, rows, cols, bands, labels, List.of("wheat", "corn", "soy"));
        Split split = Split.stratified(scene, 0.3, 0.1, 42);       // 30% of each class to train, a tenth of that to validate
        Pca pca = Pca.fit(scene, IntStream.range(0, scene.pixels()).toArray(), 15, true);
        PatchSamples samples = new PatchSamples(scene, pca.transform(scene), 15, 11);   // 11 x 11 windows of 15 components

        EngineConfig engine = EngineCheck.check();                // the engine self-check, once, before anything computes
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelOptions options = ModelOptions.defaults().withClasses(scene.classes()).withBands(15).withWindow(11);
            Block net = ModelRegistry.builtIn().get("hybridsn-cbam").create(manager, options, 42);
            TrainConfig config = TrainConfig.builder(Recipe.HSI.config()).optEpochs(3).optBatchSize(32).build();
            TrainingLoop loop = TrainingLoop.builder(engine, net, manager, config)  // no run folder: nothing is written
                    .optOptimizer(Updater.adamW(1e-4))                           // instead of the recipe's Adam
                    .addListeners(FitListener.Defaults.logging(config, System.out))
                    .addListener(new FitListener() {
                        @Override
                        public void onEpoch(TrainingContext context, EpochRecord r, boolean improved) {
                            System.out.printf("my listener: epoch %d, validation accuracy %.1f%%%n", r.epoch(), r.valAccuracy());
                        }
                    })
                    .build();
            loop.fit(samples, split.partition());
            int[] predicted = Inference.predictedClasses(engine, net, manager, samples, split.test());
            long right = IntStream.range(0, predicted.length).filter(i -> predicted[i] == samples.label(split.test()[i])).count();
            System.out.printf("test accuracy %.1f%% on %d pixels%n", 100.0 * right / predicted.length, predicted.length);
        }
    }
}
