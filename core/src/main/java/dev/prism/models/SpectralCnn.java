package dev.prism.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import dev.prism.nn.Activation;
import dev.prism.nn.Chain;
import dev.prism.nn.Layers;
import dev.prism.nn.LocalStep;
import dev.prism.nn.OnnxForm;
import dev.prism.nn.OnnxWriter;
import dev.prism.nn.Steps;
import java.util.List;

/**
 * The 1-D spectral CNN of Hu et al., "Deep Convolutional Neural Networks for Hyperspectral Image
 * Classification" (Journal of Sensors 2015): the centre pixel's spectrum alone (no spatial
 * context), one convolution of 20 kernels of ceil(bands / 9) bands, max-pooling over ceil(k1 / 5)
 * bands, a tanh layer of 100 units and the class layer (log-probabilities, as the HybridSN family).
 * The spectral convolution is a 3-D convolution of extent 1 x 1 across space, so the network takes
 * the same (N, 1, bands, window, window) windows as every hyperspectral model and ignores all but
 * their centre.
 */
public final class SpectralCnn {

    /** Convolution kernels, as the paper. */
    public static final int KERNELS = 20;

    /** Units of the hidden layer, as the paper. */
    public static final int HIDDEN = 100;

    private SpectralCnn() {}

    /** The convolution's extent across bands: ceil(bands / 9). */
    public static int k1(int bands) {
        return (bands + 8) / 9;
    }

    /** The pooling extent across bands: ceil(k1 / 5). */
    public static int k2(int bands) {
        return (k1(bands) + 4) / 5;
    }

    /** The network for {@code bands} input bands, windows of {@code window} and {@code classes} classes. */
    public static Block build(int bands, int window, int classes) {
        ModelChecks.classes(classes);
        ModelChecks.positive("bands", bands);
        ModelChecks.positive("window", window);
        int k1 = k1(bands);
        int k2 = k2(bands);
        if ((bands - k1 + 1) / k2 < 1) {
            throw new IllegalArgumentException("bands " + bands + " are too few for the 1-D CNN's convolution and pooling");
        }
        return new Chain().addStep(new CentrePixel(window))
                .add("conv1", Layers.conv3d(KERNELS, k1, 1, 1)).add(Activation.TANH)
                .addStep(spectralMaxPool(k2))
                .addStep(Layers.flatten())
                .add("fc1", Layers.linear(HIDDEN)).add(Activation.TANH)
                .add("fc2", Layers.linear(classes))
                .addStep(Steps.logSoftmax());
    }

    /** Max-pooling over {@code k} bands at a time (stride {@code k}), nothing across space. */
    private static LocalStep spectralMaxPool(int k) {
        Shape kernel = new Shape(k, 1, 1);
        return new LocalStep(x -> ai.djl.nn.pooling.Pool.maxPool3d(x, kernel, kernel, new Shape(0, 0, 0), false), "spectral_max_pool",
                (w, x, path) -> {
                    long[] s = x.shape().getShape();
                    return new OnnxWriter.Value(w.node("MaxPool", path, List.of(x.name()), OnnxWriter.Attribute.of("kernel_shape", k, 1, 1),
                            OnnxWriter.Attribute.of("strides", k, 1, 1)), new Shape(s[0], s[1], s[2] / k, s[3], s[4]));
                });
    }

    /** (N, 1, B, W, W) to (N, 1, B, 1, 1): the window's centre pixel. Not a local step: it looks at where the window's centre is. */
    static final class CentrePixel extends LambdaBlock implements OnnxForm {
        private final int centre;

        CentrePixel(int window) {
            super(list -> new NDList(list.singletonOrThrow().get(new NDIndex(":, :, :, {}:{}, {}:{}", window / 2, window / 2 + 1,
                    window / 2, window / 2 + 1))), "centre_pixel");
            this.centre = window / 2;
        }

        @Override
        public OnnxWriter.Value writeOnnx(OnnxWriter w, OnnxWriter.Value x, String path) {
            String out = w.node("Slice", path, List.of(x.name(), w.longs(path + ".starts", centre, centre),
                    w.longs(path + ".ends", centre + 1, centre + 1), w.longs(path + ".axes", 3, 4)));
            return new OnnxWriter.Value(out, new Shape(x.shape().get(0), x.shape().get(1), x.shape().get(2), 1, 1));
        }
    }
}
