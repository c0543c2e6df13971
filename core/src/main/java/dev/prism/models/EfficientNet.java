package dev.prism.models;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import dev.prism.nn.Activation;
import dev.prism.nn.Attention;
import dev.prism.nn.Chain;
import dev.prism.nn.InvertedResidual;
import dev.prism.nn.Layers;
import dev.prism.nn.Sequential;
import dev.prism.nn.SqueezeExcite;
import java.util.List;

/**
 * EfficientNet-B0: Tan and Le, "EfficientNet: Rethinking Model Scaling for Convolutional Neural
 * Networks", ICML 2019, https://arxiv.org/abs/1905.11946, Table 1, exactly as torchvision's
 * {@code efficientnet_b0} defines it (the reference of the golden test).
 *
 * <p>Each MBConv is {@code features.s.i.block}: optional 1x1 expansion, k x k depthwise
 * convolution, squeeze-and-excitation (squeeze width a quarter of the block's input channels,
 * SiLU, sigmoid gate), linear 1x1 projection, each convolution with BatchNorm (PyTorch's eps 1e-5,
 * momentum 0.1), SiLU after the first two; stochastic depth on the residual branch, its rate
 * rising linearly with the block's index to the dropout rate (0.2). Stem 3x3 stride-2 convolution
 * to 32, head 1x1 to 1280, global pooling, dropout, linear. The CIFAR variant's stem has stride 1.
 */
public final class EfficientNet {

    /**
     * One stage of Table 1: the MBConv's expansion ratio, kernel, first stride, input and output
     * channels and number of layers.
     */
    public record Stage(int expand, int kernel, int stride, int in, int out, int layers) {}

    /** Table 1 (B0). */
    public static final List<Stage> B0 = List.of(
            new Stage(1, 3, 1, 32, 16, 1),
            new Stage(6, 3, 2, 16, 24, 2),
            new Stage(6, 5, 2, 24, 40, 2),
            new Stage(6, 3, 2, 40, 80, 3),
            new Stage(6, 5, 1, 80, 112, 3),
            new Stage(6, 5, 2, 112, 192, 4),
            new Stage(6, 3, 1, 192, 320, 1));

    /** The head's width. */
    public static final int LAST_CHANNELS = 1280;

    private EfficientNet() {}

    /** A builder for EfficientNet-B0. */
    public static Builder b0() {
        return new Builder();
    }

    /** Builder: {@code setClasses} required; {@code optAlpha} (1.0), {@code optDropout} (0.2, also the stochastic depth), {@code optCifarStem}. */
    public static final class Builder extends StemClassifierBuilder<Builder> {

        Builder() {
            super(0.2);
        }

        @Override
        protected Builder self() {
            return this;
        }


        private int scale(int channels) {
            return Layers.makeDivisible(channels * alpha, 8);
        }

        /** Checks the settings and builds the network. */
        public Block build() {
            validate();
            int total = B0.stream().mapToInt(Stage::layers).sum();
            SequentialBlock features = new Sequential();
            features.add(Layers.convBnAct(scale(B0.get(0).in()), 3, cifarStem ? 1 : 2, 1, Activation.SILU));
            int index = 0;
            for (Stage s : B0) {
                SequentialBlock stage = new Sequential();
                for (int i = 0; i < s.layers(); i++) {
                    int in = scale(i == 0 ? s.in() : s.out());
                    stage.add(mbconv(in, scale(s.out()), s.expand(), s.kernel(), i == 0 ? s.stride() : 1, dropout * index / total));
                    index++;
                }
                features.add(stage);
            }
            features.add(Layers.convBnAct(scale(LAST_CHANNELS), 1, 1, 1, Activation.SILU));
            SequentialBlock classifier = new Sequential().add(Layers.dropout(dropout)).add(Layers.linear(classes));
            return new Chain()
                    .add("features", features)
                    .addStep(Layers.globalAvgPoolFlatten())
                    .add("classifier", classifier);
        }
    }

    /** One MBConv ({@code features.s.i} in torchvision). */
    static Block mbconv(int in, int out, int expand, int kernel, int stride, double dropPath) {
        return InvertedResidual.builder().setIn(in).setOut(out).setExpanded(in * expand).optKernel(kernel).optStride(stride)
                .optActivation(Activation.SILU).optLayout(InvertedResidual.Layout.V3).optDropPath(dropPath)
                .optAttention(Attention.squeezeExcite("se", SqueezeExcite.builder().optReduction(4 * expand).optInner(Activation.SILU)))
                .build();
    }
}
