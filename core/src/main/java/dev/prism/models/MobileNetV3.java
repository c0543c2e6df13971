package dev.prism.models;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import dev.prism.nn.Activation;
import dev.prism.nn.Attention;
import dev.prism.nn.InvertedResidual;
import dev.prism.nn.Chain;
import dev.prism.nn.Layers;
import dev.prism.nn.Sequential;
import dev.prism.nn.SqueezeExcite;
import java.util.List;

/**
 * MobileNetV3 Large and Small: Howard et al., "Searching for MobileNetV3", ICCV 2019,
 * https://arxiv.org/abs/1905.02244, exactly as torchvision's {@code mobilenet_v3_large/small}
 * define them (the reference of the golden tests).
 *
 * <p>Each bneck is {@code features.i.block}: optional 1x1 expansion, kxk depthwise convolution,
 * optional {@link SqueezeExcite} (squeeze channels {@code make_divisible(exp / 4, 8)}, ReLU,
 * hard-sigmoid gate), linear 1x1 projection. BatchNorm eps 0.001, momentum 0.01 (PyTorch's
 * convention). Head: 1x1 conv to {@code 6 * last bneck channels} with h-swish, global pooling,
 * {@code classifier = Linear(., 1280|1024), h-swish, Dropout(0.2), Linear(., classes)}.
 *
 * <p>Deviations from the paper: as torchvision, the SE squeeze width is rounded to a multiple of
 * 8 and the SE sits after the depthwise convolution's activation; the paper does not pin either.
 */
public final class MobileNetV3 {

    /** HS = hard-swish, RE = ReLU, as the paper's NL column. */
    public enum NL {
        RE(Activation.RELU),
        HS(Activation.HARD_SWISH);

        final Activation activation;

        NL(Activation activation) {
            this.activation = activation;
        }
    }

    /**
     * One bneck row of Tables 1 and 2. Columns (torchvision's {@code InvertedResidualConfig}):
     * input channels, kernel, expansion size, output channels, SE, nonlinearity, stride.
     */
    public record Row(int in, int kernel, int exp, int out, boolean se, NL nl, int stride) {}

    /** Table 1: MobileNetV3-Large. */
    public static final List<Row> LARGE = List.of(
            new Row(16, 3, 16, 16, false, NL.RE, 1),
            new Row(16, 3, 64, 24, false, NL.RE, 2),
            new Row(24, 3, 72, 24, false, NL.RE, 1),
            new Row(24, 5, 72, 40, true, NL.RE, 2),
            new Row(40, 5, 120, 40, true, NL.RE, 1),
            new Row(40, 5, 120, 40, true, NL.RE, 1),
            new Row(40, 3, 240, 80, false, NL.HS, 2),
            new Row(80, 3, 200, 80, false, NL.HS, 1),
            new Row(80, 3, 184, 80, false, NL.HS, 1),
            new Row(80, 3, 184, 80, false, NL.HS, 1),
            new Row(80, 3, 480, 112, true, NL.HS, 1),
            new Row(112, 3, 672, 112, true, NL.HS, 1),
            new Row(112, 5, 672, 160, true, NL.HS, 2),
            new Row(160, 5, 960, 160, true, NL.HS, 1),
            new Row(160, 5, 960, 160, true, NL.HS, 1));

    /** Table 2: MobileNetV3-Small. */
    public static final List<Row> SMALL = List.of(
            new Row(16, 3, 16, 16, true, NL.RE, 2),
            new Row(16, 3, 72, 24, false, NL.RE, 2),
            new Row(24, 3, 88, 24, false, NL.RE, 1),
            new Row(24, 5, 96, 40, true, NL.HS, 2),
            new Row(40, 5, 240, 40, true, NL.HS, 1),
            new Row(40, 5, 240, 40, true, NL.HS, 1),
            new Row(40, 5, 120, 48, true, NL.HS, 1),
            new Row(48, 5, 144, 48, true, NL.HS, 1),
            new Row(48, 5, 288, 96, true, NL.HS, 2),
            new Row(96, 5, 576, 96, true, NL.HS, 1),
            new Row(96, 5, 576, 96, true, NL.HS, 1));

    public static final int LARGE_LAST_CHANNELS = 1280;

    public static final int SMALL_LAST_CHANNELS = 1024;

    static final double BN_EPS = 0.001;

    static final double BN_MOMENTUM = 0.01;

    private MobileNetV3() {}

    /** A builder for MobileNetV3-Large (torchvision's table). */
    public static Builder large() {
        return new Builder(LARGE, LARGE_LAST_CHANNELS);
    }

    /** A builder for MobileNetV3-Small (torchvision's table). */
    public static Builder small() {
        return new Builder(SMALL, SMALL_LAST_CHANNELS);
    }

    private static SequentialBlock convBnAct(int out, int k, int stride, int groups, Activation act) {
        return Layers.convBnAct(out, k, stride, groups, act, BN_EPS, BN_MOMENTUM);
    }

    /** The bneck ({@code features.i} in torchvision), channels already scaled: SE with a hard-sigmoid gate, BatchNorm eps 0.001. */
    public static Block bneck(int in, int kernel, int exp, int out, boolean se, NL nl, int stride) {
        return InvertedResidual.builder().setIn(in).setOut(out).setExpanded(exp).optKernel(kernel).optStride(stride)
                .optActivation(nl.activation).optBatchNorm(BN_EPS, BN_MOMENTUM).optLayout(InvertedResidual.Layout.V3)
                .optAttention(se ? Attention.squeezeExcite("se", SqueezeExcite.builder().optReduction(4).optDivisor(8)
                        .optGate(Activation.HARD_SIGMOID)) : null)
                .build();
    }

    /** Builder: {@code setClasses} required; {@code optAlpha} (1.0), {@code optDropout} (0.2). */
    public static final class Builder extends ClassifierBuilder<Builder> {
        private final List<Row> table;
        private final int lastChannels;

        Builder(List<Row> table, int lastChannels) {
            super(0.2);
            this.table = table;
            this.lastChannels = lastChannels;
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
            SequentialBlock features = new Sequential();
            features.add(convBnAct(scale(table.get(0).in()), 3, 2, 1, Activation.HARD_SWISH));
            for (Row r : table) {
                features.add(bneck(scale(r.in()), r.kernel(), scale(r.exp()), scale(r.out()), r.se(), r.nl(), r.stride()));
            }
            int lastConv = 6 * scale(table.get(table.size() - 1).out());
            features.add(convBnAct(lastConv, 1, 1, 1, Activation.HARD_SWISH));
            SequentialBlock classifier = new Sequential()
                    .add(Layers.linear(scale(lastChannels)))
                    .add(Activation.HARD_SWISH.block())
                    .add(Layers.dropout(dropout))
                    .add(Layers.linear(classes));
            return new Chain()
                    .add("features", features)
                    .addStep(Layers.globalAvgPoolFlatten())
                    .add("classifier", classifier);
        }
    }
}
