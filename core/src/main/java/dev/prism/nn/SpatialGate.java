package dev.prism.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;

/**
 * CBAM's spatial attention (Woo et al., "CBAM: Convolutional Block Attention Module", ECCV 2018,
 * https://arxiv.org/abs/1807.06521, eq. 3): for (N, C, H, W) maps, the maximum and the mean over
 * channels (in that order) stacked as 2 maps, a 7x7 convolution without bias (padding 3) to one
 * map, BatchNorm, a sigmoid, and the input scaled by that map: each position is weighted by how
 * much it matters. Children {@code conv} and {@code bn} as in the reference implementation (the
 * paper itself has no BatchNorm; the authors' code does). Usable by any 2-D network.
 */
public final class SpatialGate extends Gate implements OnnxForm {

    /** The paper's kernel size. */
    public static final int KERNEL = 7;

    private final Conv2d conv;
    private final BatchNorm bn;

    /** CBAM's spatial gate: a 7 x 7 convolution without bias, BatchNorm and a sigmoid over the [max, mean] of the channels. */
    public SpatialGate() {
        this.conv = addChildBlock("conv", Layers.conv2d(1, KERNEL, 1, KERNEL / 2, 1, false));
        this.bn = addChildBlock("bn", Layers.batchNorm());
    }

    /** The 7 x 7 convolution of the [max, mean] maps. */
    public Conv2d conv() {
        return conv;
    }

    /** The BatchNorm after the convolution. */
    public BatchNorm bn() {
        return bn;
    }

    /** The attention map in (0, 1), shape (N, 1, H, W). */
    @Override
    public NDArray weights(ParameterStore ps, NDArray x, boolean training) {
        NDArray pooled = x.max(new int[] {1}, true).concat(x.mean(new int[] {1}, true), 1);
        NDArray a = conv.forward(ps, new NDList(pooled), training).singletonOrThrow();
        a = bn.forward(ps, new NDList(a), training).singletonOrThrow();
        return Activation.SIGMOID.apply(a);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        conv.initialize(manager, dataType, new Shape(in.get(0), 2, in.get(2), in.get(3)));
        bn.initialize(manager, dataType, new Shape(in.get(0), 1, in.get(2), in.get(3)));
    }

    /** Channel max and mean, {@code Concat}, the gate's convolution and BatchNorm, {@code Sigmoid}, and the product with the input. */
    @Override
    public OnnxWriter.Value writeOnnx(OnnxWriter w, OnnxWriter.Value x, String path) {
        String max = w.node("ReduceMax", path, java.util.List.of(x.name()), OnnxWriter.Attribute.of("axes", new long[] {1}),
                OnnxWriter.Attribute.of("keepdims", 1L));
        String mean = w.node("ReduceMean", path, java.util.List.of(x.name()), OnnxWriter.Attribute.of("axes", new long[] {1}),
                OnnxWriter.Attribute.of("keepdims", 1L));
        ai.djl.ndarray.types.Shape s = x.shape();
        OnnxWriter.Value pooled = new OnnxWriter.Value(w.node("Concat", path, java.util.List.of(max, mean), OnnxWriter.Attribute.of("axis", 1L)),
                new ai.djl.ndarray.types.Shape(s.get(0), 2, s.get(2), s.get(3)));
        OnnxWriter.Value a = w.emit(bn(), w.emit(conv(), pooled, path + ".conv"), path + ".bn");
        String gate = w.node("Sigmoid", path, java.util.List.of(a.name()));
        return new OnnxWriter.Value(w.node("Mul", path, java.util.List.of(x.name(), gate)), x.shape());
    }
}
