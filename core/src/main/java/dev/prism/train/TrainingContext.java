package dev.prism.train;

import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What a {@link FitListener} can see of the training in progress, and the two things it may do: stop it, or warn. */
public interface TrainingContext {

    /** The network being trained. */
    Block block();

    /** The settings of this training. */
    TrainConfig config();

    /** The optimizer updating the network's weights. */
    Updater optimizer();

    /** The run folder, when the loop has one. */
    Optional<Path> runDir();

    /** The training samples and the indices trained on. */
    Samples trainSamples();

    /** The indices of {@link #trainSamples()} trained on. */
    int[] trainIndices();

    /** Whether every epoch is validated (validation samples and indices were given). */
    boolean hasValidation();

    /** The epochs finished so far, including a resumed run's earlier ones (read-only). */
    List<EpochRecord> history();

    /** The best epoch so far (1-based; 0 before the first). */
    int bestEpoch();

    /** The best epoch's score: validation accuracy in %, or training accuracy without validation. */
    double bestScore();

    /** Epochs since the best one. */
    int epochsSinceBest();

    /** Updater steps taken so far (over all epochs). */
    long steps();

    /** Stops training after the current epoch's listeners have run; {@code reason} ends up in {@link TrainingLoop.Result#stopReason()}. */
    void requestStop(String reason);

    /** Records a warning about the run; the last one ends up in {@link TrainingLoop.Result#warning()}. */
    void warn(String warning);
}
