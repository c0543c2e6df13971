package dev.prism.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Told of what the {@link TrainingLoop} does, as DJL's {@code TrainingListener} is: the start of
 * training, every batch (after its forward and backward passes, before the optimizer's update),
 * every finished epoch, and the end. Everything the loop does beside the arithmetic is a listener:
 * progress ({@link ProgressLogger}), checkpoints ({@link CheckpointWriter}), metric files
 * ({@link MetricFiles}), early stopping ({@link EarlyStopping}), the NaN guard ({@link NanGuard})
 * and the collapse warning ({@link CollapseWarning}); a user's own bookkeeping is one more.
 *
 * <p>Listeners run in the order they were added. An exception thrown by a listener stops training
 * (the batch's gradients are discarded first) and reaches the caller of
 * {@link TrainingLoop#fit}.
 */
public interface FitListener {

    /** Before the first epoch (after a resumed run's state is restored: {@link TrainingContext#history()} then holds its epochs). */
    default void onTrainingBegin(TrainingContext context) {}

    /** Before the first batch of epoch {@code epoch} (1-based). */
    default void onEpochStart(TrainingContext context, int epoch) {}

    /** After one batch's forward and backward passes, before the optimizer updates the weights with its gradients. */
    default void onTrainingBatch(TrainingContext context, BatchResult batch) {}

    /**
     * After an epoch and its validation.
     *
     * @param record the epoch's figures, already in {@link TrainingContext#history()}
     * @param improved whether this epoch is the best so far (validation accuracy, or training
     *     accuracy without validation)
     */
    default void onEpoch(TrainingContext context, EpochRecord record, boolean improved) {}

    /** After the last epoch, or after a listener asked to stop ({@link TrainingContext#requestStop}). */
    default void onTrainingEnd(TrainingContext context, TrainingLoop.Result result) {}

    /** The listener sets Prism's own commands use. */
    final class Defaults {

        private Defaults() {}

        /**
         * Progress on {@code log} (a bar per epoch, a line per epoch), the NaN guard, the collapse
         * warning, and early stopping when {@code config} has a patience.
         */
        public static List<FitListener> logging(TrainConfig config, PrintStream log) {
            List<FitListener> out = new ArrayList<>(List.of(new ProgressLogger(log), new NanGuard(), new CollapseWarning(log)));
            if (config.regularization().patience() > 0) {
                out.add(new EarlyStopping(config.regularization().patience(), log));
            }
            return out;
        }

        /** As {@link #logging} without any output: for benchmarks and tests. */
        public static List<FitListener> quiet(TrainConfig config) {
            List<FitListener> out = new ArrayList<>(List.of(new NanGuard(), new CollapseWarning(null)));
            if (config.regularization().patience() > 0) {
                out.add(new EarlyStopping(config.regularization().patience(), null));
            }
            return out;
        }
    }
}
