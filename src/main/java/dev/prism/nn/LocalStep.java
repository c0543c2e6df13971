package dev.prism.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.LambdaBlock;
import java.util.function.UnaryOperator;

/**
 * A parameter-free step that treats every spatial position on its own: an activation, a softmax
 * over the channel axis, a reshape of the non-spatial axes (HybridSN's spectral-to-channels). It
 * gives the same values on a window and on a whole scene, which {@link SlidingWindow} relies on;
 * an anonymous {@link LambdaBlock} promises nothing of the kind.
 */
public final class LocalStep extends LambdaBlock {

    public LocalStep(UnaryOperator<NDArray> step, String name) {
        super(list -> new NDList(step.apply(list.singletonOrThrow())), name);
    }
}
