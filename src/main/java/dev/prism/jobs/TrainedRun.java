package dev.prism.jobs;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.prism.data.hsi.Scene;
import dev.prism.models.ModelOptions;
import dev.prism.train.Checkpoint;
import dev.prism.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;

/** The network of a run folder, rebuilt from its config and loaded from its evaluation checkpoint. */
public record TrainedRun(String model, ModelOptions options, Block block) {

    /** Rebuilds the run's network under {@code manager} with the weights it is evaluated with (best epoch, else last). */
    public static TrainedRun load(Path runDir, NDManager manager) throws IOException {
        Jobs.refuseFailed(runDir);
        if (RunFolder.isImageRun(runDir)) {
            ImageConfig c = RunFolder.config(runDir, ImageConfig.class);
            ImageJob.Labels labels = ImageJob.labels(runDir, c);
            ModelOptions o = ModelOptions.defaults().withClasses(labels.classNames().size()).withInputSize(labels.height());
            return load(runDir, c.model(), o, c.valFraction() > 0, ImageJob.imageSpec(c.model()), manager);
        }
        HsiConfig c = RunFolder.config(runDir, HsiConfig.class);
        Scene scene = HsiData.loadScene(c);
        ModelOptions o = ModelOptions.defaults().withClasses(scene.classes()).withBands(c.pca() > 0 ? c.pca() : scene.bands())
                .withWindow(c.window());
        return load(runDir, c.model(), o, c.valFraction() > 0, HsiJob.hsiSpec(c.model()), manager);
    }

    private static TrainedRun load(Path runDir, String model, ModelOptions o, boolean hadValidation, dev.prism.models.ModelSpec spec,
            NDManager manager) throws IOException {
        Block block = spec.create(manager, o, 0);
        Checkpoint.load(TrainingLoop.evaluationCheckpoint(runDir, hadValidation), block, null);
        return new TrainedRun(model, o, block);
    }
}
