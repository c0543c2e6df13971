package dev.prism.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A fully connected layer on (N, C) giving (N, C') whose weight is stored either as a 1x1
 * convolution's, (C', C, 1, 1), or as a linear layer's, (C', C), with a {@code bias} (C'), so that
 * PyTorch state dicts of a {@code Conv2d(C, C', 1)} or an {@code nn.Linear(C, C')} load and save
 * unchanged. It always computes as a matrix product. The squeeze-and-excitation "FC" layers of
 * SENet, MobileNetV3 and HybridSN-SE are the convolution-shaped kind, CBAM's shared MLP the
 * linear-shaped one.
 *
 * <p>Why not the convolution itself: on (N, C, 1, 1) tensors libtorch 2.7.1's oneDNN 3.7 picks a
 * brgemm 1x1 convolution that, on CPUs whose hypervisor reports no cache sizes (an AMD EPYC VM),
 * computes wrong values or divides by zero (SIGFPE). A matrix product is the same arithmetic
 * without that kernel, and cheaper than a convolution call.
 */
public final class PointwiseLinear extends AbstractBlock {

    private final int outputs;
    private final boolean convolutionShaped;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param outputs C'
     * @param convolutionShaped whether the weight is stored as (C', C, 1, 1) rather than (C', C)
     */
    public PointwiseLinear(int outputs, boolean convolutionShaped) {
        if (outputs <= 0) {
            throw new IllegalArgumentException("PointwiseLinear: outputs must be > 0, got " + outputs);
        }
        this.outputs = outputs;
        this.convolutionShaped = convolutionShaped;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    /** The weight as a (C', C) matrix, however it is stored. */
    public NDArray matrix() {
        return weight.getArray().reshape(outputs, -1);
    }

    /** The bias, (C'). */
    public NDArray bias() {
        return bias.getArray();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray x = in.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        return Linear.linear(x, w.reshape(outputs, -1), b);
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        long c = inputShapes[0].get(1);
        weight.setShape(convolutionShaped ? new Shape(outputs, c, 1, 1) : new Shape(outputs, c));
        bias.setShape(new Shape(outputs));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputs)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no children
    }
}
