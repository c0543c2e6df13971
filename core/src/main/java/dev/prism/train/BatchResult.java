package dev.prism.train;

/**
 * One training batch, as the {@link FitListener}s see it after its backward pass.
 *
 * @param epoch the epoch (1-based)
 * @param step the optimizer step this batch is about to take (0-based, over all epochs)
 * @param learningRate the rate the update will use
 * @param loss the batch's mean loss (not finite when training diverged)
 * @param size samples in the batch
 * @param epochSeen samples of this epoch so far, this batch included
 * @param epochSamples samples in the whole epoch
 * @param epochLoss mean loss over the epoch so far
 * @param epochAccuracy training accuracy over the epoch so far, in %
 */
public record BatchResult(int epoch, long step, double learningRate, double loss, int size, long epochSeen, long epochSamples,
        double epochLoss, double epochAccuracy) {}
