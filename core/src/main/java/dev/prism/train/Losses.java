package dev.prism.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/** Softmax cross-entropy with optional label smoothing (Szegedy et al. 2016, https://arxiv.org/abs/1512.00567), mean over the batch. */
public final class Losses {

    private Losses() {}

    /**
     * The loss as a DJL {@link Loss} (labels first, then the network's scores), for
     * {@link TrainingLoop.Builder#optLoss} or DJL's own trainer.
     *
     * @param smoothing label smoothing epsilon in [0, 1)
     */
    public static Loss crossEntropy(double smoothing) {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new dev.prism.SettingException("label smoothing", " must be in [0, 1), got " + smoothing);
        }
        return new Loss(smoothing > 0 ? "CrossEntropy(smoothing " + smoothing + ")" : "CrossEntropy") {
            @Override
            public NDArray evaluate(NDList labels, NDList predictions) {
                return crossEntropy(predictions.singletonOrThrow(), labels.singletonOrThrow(), smoothing);
            }
        };
    }

    /**
     * @param scores logits or log-probabilities, (N, C) ({@code log_softmax} is idempotent, so
     *     HybridSN's log-probability output gives the same loss as its logits would)
     * @param labels dense labels, (N)
     * @param smoothing label smoothing epsilon in [0, 1)
     * @return the mean loss, a scalar
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
