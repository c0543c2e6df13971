package dev.prism.train;

import ai.djl.ndarray.NDArray;

/** Softmax cross-entropy with optional label smoothing (Szegedy et al. 2016), mean over the batch. */
public final class Losses {

    private Losses() {}

    /**
     * @param scores logits or log-probabilities, (N, C) ({@code log_softmax} is idempotent, so
     *     HybridSN's log-probability output gives the same loss as its logits would)
     * @param labels dense labels, (N)
     */
    public static NDArray crossEntropy(NDArray scores, NDArray labels, double smoothing) {
        long classes = scores.getShape().get(1);
        NDArray logp = scores.logSoftmax(1);
        NDArray target = labels.oneHot((int) classes);
        if (smoothing > 0) {
            target = target.mul((float) (1 - smoothing)).add((float) (smoothing / classes));
        }
        return logp.mul(target).sum(new int[] {1}).neg().mean();
    }
}
