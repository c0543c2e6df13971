package dev.prism.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * An attention gate: the input multiplied by weights in (0, 1) the gate computes from it
 * ({@link #weights}), broadcast over the axes they leave out. {@link SqueezeExcite} weighs
 * channels (N, C, 1, 1), {@link SpatialGate} positions (N, 1, H, W); the output has the input's
 * shape.
 */
public abstract class Gate extends AbstractBlock {

    /** The weights for {@code x}, broadcastable against it. */
    public abstract NDArray weights(ParameterStore ps, NDArray x, boolean training);

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(x.mul(weights(ps, x, training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
