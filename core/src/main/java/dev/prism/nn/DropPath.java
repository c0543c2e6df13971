package dev.prism.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Stochastic depth (Huang et al., ECCV 2016; torchvision's {@code StochasticDepth(p, "row")}): in
 * training, each sample's residual branch is kept with probability 1 - p and scaled by 1 / (1 - p);
 * in inference, the identity. Placed at the end of a residual branch, before the sum.
 */
public final class DropPath extends AbstractBlock implements OnnxForm {

    private final double rate;

    /** Drops each sample's branch with probability {@code rate}, in [0, 1). */
    public DropPath(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("drop-path rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
    }

    /** The probability of dropping a sample's branch. */
    public double rate() {
        return rate;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!training || rate == 0) {
            return inputs;
        }
        long[] shape = new long[x.getShape().dimension()];
        java.util.Arrays.fill(shape, 1);
        shape[0] = x.getShape().get(0);
        NDArray keep = x.getManager().randomUniform(0, 1, new Shape(shape)).gte(rate).toType(x.getDataType(), false);
        return new NDList(x.mul(keep).div(1 - rate));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /** Inference: the identity. */
    @Override
    public OnnxWriter.Value writeOnnx(OnnxWriter w, OnnxWriter.Value x, String path) {
        return x;
    }
}
