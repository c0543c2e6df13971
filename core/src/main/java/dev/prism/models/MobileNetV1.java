package dev.prism.models;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import dev.prism.nn.Activation;
import dev.prism.nn.Chain;
import dev.prism.nn.Layers;
import dev.prism.nn.Sequential;
import java.util.List;

/**
 * MobileNetV1: Howard et al., "MobileNets: Efficient Convolutional Neural Networks for Mobile
 * Vision Applications", 2017, https://arxiv.org/abs/1704.04861.
 *
 * <p>PyTorch names: {@code features} is one flat {@code nn.Sequential} of conv, BatchNorm, ReLU
 * triples (stem, then depthwise and pointwise for each row of {@link #TABLE}); then global average
 * pooling and {@code classifier = Linear(c, classes)}.
 *
 * <p>Deviations from the paper: (1) the last depthwise layer has stride 1, not the "s2" printed in
 * Table 1 (a known typo: its input and output are both 7x7); (2) width multiplier channels are
 * {@code max(8, int(c * alpha))}, the usual implementation choice the paper leaves open; (3) no
 * dropout by default ({@code optDropout} adds one before the classifier); (4) the optional CIFAR stem uses stride 1 so 32x32 inputs are not reduced to 1x1. The
 * resolution multiplier is simply the input size: the network accepts any size its strides allow.
 */
public final class MobileNetV1 {

    /**
     * One depthwise separable layer of Table 1. Columns: {@code channels} = output channels of the
     * pointwise convolution at alpha 1; {@code stride} = stride of the 3x3 depthwise convolution.
     */
    public record Row(int channels, int stride) {}

    /** Stem: 3x3 convolution, 32 channels, stride 2 (stride 1 for the CIFAR stem). */
    public static final int STEM_CHANNELS = 32;

    /** Table 1, rows after the stem. */
    public static final List<Row> TABLE = List.of(
            new Row(64, 1),
            new Row(128, 2),
            new Row(128, 1),
            new Row(256, 2),
            new Row(256, 1),
            new Row(512, 2),
            new Row(512, 1),
            new Row(512, 1),
            new Row(512, 1),
            new Row(512, 1),
            new Row(512, 1),
            new Row(1024, 2),
            new Row(1024, 1));

    private MobileNetV1() {}

    /** The paper's width rule for multiplier {@code alpha}. */
    public static int width(int channels, double alpha) {
        return Math.max(8, (int) (channels * alpha));
    }

    /** A builder with the paper's settings (alpha 1, 1000 classes, ImageNet stem). */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder: {@code setClasses} required; {@code optAlpha} (1.0), {@code optCifarStem} (false). */
    public static final class Builder extends StemClassifierBuilder<Builder> {

        Builder() {
            super(0.0);
        }

        @Override
        protected Builder self() {
            return this;
        }


        /** Checks the settings and builds the network. */
        public Block build() {
            validate();
            SequentialBlock features = new Sequential();
            int in = width(STEM_CHANNELS, alpha);
            addConvBnRelu(features, in, 3, cifarStem ? 1 : 2, 1);
            for (Row row : TABLE) {
                addConvBnRelu(features, in, 3, row.stride(), in);
                in = width(row.channels(), alpha);
                addConvBnRelu(features, in, 1, 1, 1);
            }
            return new Chain()
                    .add("features", features)
                    .addStep(Layers.globalAvgPoolFlatten())
                    .addStep(Layers.dropout(dropout))
                    .add("classifier", Layers.linear(classes));
        }

        private static void addConvBnRelu(SequentialBlock seq, int out, int k, int stride, int groups) {
            seq.add(Layers.conv2d(out, k, stride, groups, false))
                    .add(Layers.batchNorm())
                    .add(Activation.RELU.block());
        }
    }
}
