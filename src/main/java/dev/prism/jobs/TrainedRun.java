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
            return new TrainedRun(c.model(), ImageJob.options(labels), ImageJob.trained(runDir, c, labels, manager));
        }
        HsiConfig c = RunFolder.config(runDir, HsiConfig.class);
        Scene scene = HsiData.loadScene(c);
        ModelOptions o = ModelOptions.defaults().withClasses(scene.classes()).withBands(c.pca() > 0 ? c.pca() : scene.bands())
                .withWindow(c.window());
        Block block = Jobs.spec(c.model(), dev.prism.models.ModelSpec.Task.HSI).create(manager, o, 0);
        Checkpoint.load(TrainingLoop.evaluationCheckpoint(runDir, c.valFraction() > 0), block, null);
        return new TrainedRun(c.model(), o, block);
    }
}
