package dev.prism.models;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import dev.prism.nn.Activation;
import dev.prism.nn.Attention;
import dev.prism.nn.InvertedResidual;
import dev.prism.nn.Chain;
import dev.prism.nn.Layers;
import dev.prism.nn.Sequential;
import java.util.List;
import java.util.function.Function;

/**
 * MobileNetV2: Sandler et al., "MobileNetV2: Inverted Residuals and Linear Bottlenecks", CVPR 2018,
 * https://arxiv.org/abs/1801.04381, exactly as torchvision's {@code mobilenet_v2} defines it (the
 * reference of the golden test).
 *
 * <p>Each inverted residual is {@code features.i.conv}: a 1x1 expansion (omitted when t = 1), a 3x3
 * depthwise convolution, both with BatchNorm and ReLU6, then a linear 1x1 projection with BatchNorm
 * and no activation. The identity shortcut is used when stride is 1 and the input and output
 * channels agree. Width multiplier channels use {@code make_divisible(c * alpha, 8)}; the last
 * layer keeps 1280 channels for alpha below 1.
 *
 * <p>Deviations: none from torchvision. The optional CIFAR stem uses stride 1 in the first
 * convolution (a common CIFAR adaptation, not in the paper). {@code optBlockAttention} puts an
 * attention block after each block's projection (ECA-MobileNetV2's place; {@code conv.4} or
 * {@code conv.3} in the authors' code), chosen per row of the table.
 */
public final class MobileNetV2 {

    /**
     * One row of Table 2. Columns: {@code t} expansion factor, {@code c} output channels, {@code n}
     * repeats, {@code s} stride of the first repeat.
     */
    public record Row(int t, int c, int n, int s) {}

    public static final int STEM_CHANNELS = 32;

    public static final int LAST_CHANNELS = 1280;

    /** Table 2 of the paper ({@code # t, c, n, s}). */
    public static final List<Row> TABLE = List.of(
            new Row(1, 16, 1, 1),
            new Row(6, 24, 2, 2),
            new Row(6, 32, 3, 2),
            new Row(6, 64, 4, 2),
            new Row(6, 96, 3, 1),
            new Row(6, 160, 3, 2),
            new Row(6, 320, 1, 1));

    private MobileNetV2() {}

    /** A builder with torchvision's settings (width 1, 1000 classes, ImageNet stem). */
    public static Builder builder() {
        return new Builder();
    }

    /** The inverted residual block ({@code features.i} in torchvision): ReLU6, no SE. */
    public static Block invertedResidual(int in, int out, int stride, int expansion) {
        return invertedResidual(in, out, stride, expansion, null);
    }

    /** The inverted residual block with {@code attention} (null: none) on its projection's output. */
    public static Block invertedResidual(int in, int out, int stride, int expansion, Attention attention) {
        return InvertedResidual.builder().setIn(in).setOut(out).setExpanded((int) Math.round(in * (double) expansion))
                .optStride(stride).optActivation(Activation.RELU6).optLayout(InvertedResidual.Layout.V2)
                .optOutputAttention(attention).build();
    }

    /**
     * Builder: {@code setClasses} required; {@code optAlpha} (1.0), {@code optDropout} (0.2),
     * {@code optCifarStem}, {@code optBlockAttention} (none).
     */
    public static final class Builder extends StemClassifierBuilder<Builder> {
        private Function<Row, Attention> blockAttention = row -> null;

        Builder() {
            super(0.2);
        }

        /** The attention block after the projection of each block of a table row (null for none), e.g. ECA. */
        public Builder optBlockAttention(Function<Row, Attention> attention) {
            blockAttention = java.util.Objects.requireNonNull(attention, "the attention per row (return null for none)");
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }


        /** Checks the settings and builds the network. */
        public Block build() {
            validate();
            int in = Layers.makeDivisible(STEM_CHANNELS * alpha, 8);
            int last = Layers.makeDivisible(LAST_CHANNELS * Math.max(1.0, alpha), 8);
            SequentialBlock features = new Sequential();
            features.add(Layers.convBnAct(in, 3, cifarStem ? 1 : 2, 1, Activation.RELU6));
            for (Row row : TABLE) {
                int out = Layers.makeDivisible(row.c() * alpha, 8);
                for (int i = 0; i < row.n(); i++) {
                    features.add(invertedResidual(in, out, i == 0 ? row.s() : 1, row.t(), blockAttention.apply(row)));
                    in = out;
                }
            }
            features.add(Layers.convBnAct(last, 1, 1, 1, Activation.RELU6));
            SequentialBlock classifier = new Sequential()
                    .add(Layers.dropout(dropout))
                    .add(Layers.linear(classes));
            return new Chain()
                    .add("features", features)
                    .addStep(Layers.globalAvgPoolFlatten())
                    .add("classifier", classifier);
        }
    }
}
