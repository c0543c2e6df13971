import ai.djl.Model;
import dev.prism.engine.EngineCheck;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelRegistry;
import java.util.Random;

/** Your own images (here: 32 made-up 32 x 32 RGB arrays) with Prism's MobileNetV3-Small as a plain DJL Block and DJL's own Trainer. */
public class ImagesWithDjlTrainer {
    public static void main(String[] args) throws Exception {
        int n = 32, classes = 2;
        float[] images = new float[n * 3 * 32 * 32];
        float[] labels = new float[n];
        Random rng = new Random(3);
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;                               // class 1: a brighter image
            for (int k = 0; k < 3 * 32 * 32; k++) {
                images[i * 3 * 32 * 32 + k] = (float) (rng.nextGaussian() + labels[i]);
            }
        }
        EngineCheck.check();   // the engine self-check, once, before anything computes: it turns off what computes wrongly here
        try (NDManager manager = NDManager.newBaseManager(); Model model = Model.newInstance("mobilenet-v3-small")) {
            ModelOptions options = ModelOptions.defaults().withClasses(classes).withInputSize(32);
            Block net = ModelRegistry.builtIn().get("mobilenet-v3-small").build(options);   // uninitialised: DJL initialises it
            model.setBlock(net);
            ArrayDataset data = new ArrayDataset.Builder()
                    .setData(manager.create(images, new Shape(n, 3, 32, 32)))
                    .optLabels(manager.create(labels, new Shape(n)))
                    .setSampling(16, true).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.003f)).build())
                    .addEvaluator(new Accuracy())
                    .addTrainingListeners(TrainingListener.Defaults.basic());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(16, 3, 32, 32));
                EasyTrain.fit(trainer, 2, data, null);
                TrainingResult result = trainer.getTrainingResult();
                System.out.printf("DJL Trainer: final training accuracy %.2f, loss %.3f%n",
                        result.getTrainEvaluation("Accuracy"), result.getTrainLoss());
            }
        }
    }
}
