package dev.prism.jobs;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.prism.data.hsi.SpectralTransform;
import dev.prism.models.ModelOptions;
import dev.prism.train.Checkpoint;
import dev.prism.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The network of a run folder, rebuilt from its config and loaded from its evaluation checkpoint,
 * with what a user of it outside Prism needs: the class names in score order and, for a
 * hyperspectral run, the spectral transform its windows were made with.
 *
 * @param transform PCA or band standardisation of a hyperspectral run; null for an image run
 * @param checkpoint the checkpoint the weights came from (best epoch, else last)
 */
public record TrainedRun(String model, ModelOptions options, Block block, List<String> classNames, SpectralTransform transform,
        Path checkpoint) {

    /** Rebuilds the run's network under {@code manager} with the weights it is evaluated with (best epoch, else last). */
    public static TrainedRun load(Path runDir, NDManager manager) throws IOException {
        Jobs.refuseFailed(runDir);
        if (RunFolder.isImageRun(runDir)) {
            ImageConfig c = RunFolder.config(runDir, ImageConfig.class);
            ImageJob.Labels labels = ImageJob.labels(runDir, c);
            JobContext<ImageConfig> run = JobContext.of(c, Jobs.spec(c.model(), dev.prism.models.ModelSpec.Task.IMAGE), ImageJob.options(labels),
                    runDir, System.err);
            return new TrainedRun(c.model(), run.options(), ImageJob.trained(run, labels, manager), labels.classNames(), null,
                    TrainingLoop.evaluationCheckpoint(runDir, c.valFraction() > 0));
        }
        HsiConfig c = RunFolder.config(runDir, HsiConfig.class);
        Classifier classifier = Classifier.load(runDir, System.err);
        ModelOptions o = classifier.options();
        Block block = Jobs.spec(c.model(), dev.prism.models.ModelSpec.Task.HSI).create(manager, o, 0);
        Path checkpoint = TrainingLoop.evaluationCheckpoint(runDir, c.valFraction() > 0);
        Checkpoint.load(checkpoint, block, null);
        return new TrainedRun(c.model(), o, block, classifier.classNames(), classifier.transform(), checkpoint);
    }
}
