package dev.prism.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Stops training as soon as a batch's loss is not finite, before the optimizer writes anything
 * computed from it into the weights: the loop discards the gradients, and the run folder keeps
 * its last good checkpoint. Throws {@link TrainingLoop.DivergedException} with the epoch, step and
 * learning rate, and what was kept.
 */
public final class NanGuard implements FitListener {

    @Override
    public void onTrainingBatch(TrainingContext context, BatchResult batch) {
        if (Double.isFinite(batch.loss())) {
            return;
        }
        Path last = context.runDir().map(d -> d.resolve(TrainingLoop.LAST)).orElse(null);
        String kept = last == null ? "nothing was saved (no run folder)"
                : Files.exists(last) ? "its last good checkpoint (epoch " + (batch.epoch() - 1) + ") is kept at " + last
                        : "it diverged in its first epoch, so no checkpoint is kept";
        throw new TrainingLoop.DivergedException(String.format(Locale.ROOT,
                "training loss became %s at epoch %d, step %d (learning rate %.3g): the run stopped; %s;"
                        + " a lower learning rate or gradient clipping may help",
                (float) batch.loss(), batch.epoch(), batch.step() + 1, batch.learningRate(), kept));
    }
}
