package dev.prism.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * Efficient channel attention (Wang et al., "ECA-Net", CVPR 2020, https://arxiv.org/abs/1910.03151):
 * the channels' global average, a 1-D convolution across neighbouring channels (no dimensionality
 * reduction, no bias) of adaptive size k = the odd number nearest above |(log2 C + 1) / 2|, a
 * sigmoid, and the input scaled by it. A drop-in for {@link SqueezeExcite} wherever channels are
 * weighed, with k parameters instead of 2 C^2 / r. Child {@code conv} as in the authors' code.
 */
public final class Eca extends Gate implements OnnxForm {

    private final Conv1d conv;
    private final int channels;

    /** ECA over {@code channels} maps, with the paper's adaptive kernel size. */
    public Eca(int channels) {
        this(channels, kernelSize(Math.max(1, channels)));
    }

    /** ECA over {@code channels} maps with a 1-D kernel of {@code k} (odd) neighbouring channels. */
    public Eca(int channels, int k) {
        if (channels < 1) {
            throw new IllegalArgumentException("ECA needs channels >= 1, got " + channels);
        }
        if (k < 1 || k % 2 == 0) {
            throw new IllegalArgumentException("ECA's kernel must be odd and >= 1, got " + k);
        }
        this.channels = channels;
        this.conv = addChildBlock("conv", Conv1d.builder().setKernelShape(new Shape(k)).setFilters(1).optPadding(new Shape((k - 1) / 2))
                .optBias(false).build());
    }

    /** The paper's adaptive kernel size (gamma 2, b 1): t = |(log2 C + 1) / 2|, then t or t + 1, whichever is odd. */
    public static int kernelSize(int channels) {
        int t = (int) Math.abs((Math.log(channels) / Math.log(2) + 1) / 2);
        return t % 2 == 1 ? t : t + 1;
    }

    /** The weights in (0, 1), shape (N, C, 1, 1). */
    @Override
    public NDArray weights(ParameterStore ps, NDArray x, boolean training) {
        long n = x.getShape().get(0);
        NDArray pooled = Layers.globalAvgPool(x).reshape(n, 1, channels);
        NDArray a = conv.forward(ps, new NDList(pooled), training).singletonOrThrow();
        return Activation.SIGMOID.apply(a).reshape(n, channels, 1, 1);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, new Shape(inputShapes[0].get(0), 1, channels));
    }

    /** {@code GlobalAveragePool}, the channels as a sequence ({@code Reshape}), the 1-D {@code Conv}, {@code Sigmoid}, back, {@code Mul}. */
    @Override
    public OnnxWriter.Value writeOnnx(OnnxWriter w, OnnxWriter.Value x, String path) {
        Shape s = x.shape();
        String pooled = w.node("GlobalAveragePool", path, List.of(x.name()));
        OnnxWriter.Value seq = new OnnxWriter.Value(w.node("Reshape", path, List.of(pooled, w.longs(path + ".seq", 0, 1, channels))),
                new Shape(s.get(0), 1, channels));
        OnnxWriter.Value a = w.emit(conv, seq, path + ".conv");
        String gate = w.node("Sigmoid", path, List.of(a.name()));
        String weights = w.node("Reshape", path, List.of(gate, w.longs(path + ".back", 0, channels, 1, 1)));
        return new OnnxWriter.Value(w.node("Mul", path, List.of(x.name(), weights)), s);
    }
}
