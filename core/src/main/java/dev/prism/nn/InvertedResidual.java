package dev.prism.nn;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/**
 * The inverted residual block of MobileNetV2 and MobileNetV3 (Sandler et al. 2018,
 * https://arxiv.org/abs/1801.04381; Howard et al. 2019, https://arxiv.org/abs/1905.02244), one
 * builder for both, as timm's {@code InvertedResidual}: a 1x1 expansion (left out when the
 * expanded width equals the input's), a depthwise k x k convolution, an optional attention block
 * on the expanded maps (SE in MobileNetV3 and EfficientNet), a linear 1x1 projection, an optional
 * attention block on its output (ECA in ECA-MobileNetV2); each convolution with BatchNorm, the
 * activation pluggable, and a residual sum when stride 1 keeps the width. Any {@link Attention}
 * fits either slot: SE, ECA, CBAM, or none.
 *
 * <p>Parameter names follow torchvision, whose two models lay the block out differently:
 * {@link Layout#V2} ({@code conv.0}, {@code conv.1}, then the projection's convolution and
 * BatchNorm as {@code conv.2} and {@code conv.3}) and {@link Layout#V3} ({@code block.0} ...,
 * the projection a convolution-BatchNorm pair of its own).
 */
public final class InvertedResidual {

    /** torchvision's parameter layout of the block. */
    public enum Layout {
        V2("conv"),
        V3("block");

        private final String name;

        Layout(String name) {
            this.name = name;
        }
    }

    private InvertedResidual() {}

    /** A builder; input and output channels and the expansion are required, the rest has MobileNetV2's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code setIn}, {@code setOut}, {@code setExpanded} required; the rest optional. */
    public static final class Builder {
        private int in = -1;
        private int out = -1;
        private int expanded = -1;
        private int kernel = 3;
        private int stride = 1;
        private Activation activation = Activation.RELU6;
        private Attention attention;
        private Attention outputAttention;
        private double eps = Layers.BN_EPS;
        private double momentum = Layers.BN_MOMENTUM;
        private Layout layout = Layout.V2;
        private double dropPath;

        /** Input channels. */
        public Builder setIn(int channels) {
            in = channels;
            return this;
        }

        /** Output channels (after the projection). */
        public Builder setOut(int channels) {
            out = channels;
            return this;
        }

        /** Width after the expansion (equal to {@code in}: no expansion layer). */
        public Builder setExpanded(int channels) {
            expanded = channels;
            return this;
        }

        /** Depthwise kernel side (default 3). */
        public Builder optKernel(int size) {
            kernel = size;
            return this;
        }

        /** Depthwise stride, 1 or 2 (default 1). */
        public Builder optStride(int s) {
            stride = s;
            return this;
        }

        /** Activation after the expansion and the depthwise convolution (default ReLU6). */
        public Builder optActivation(Activation a) {
            activation = a;
            return this;
        }

        /** Attention on the expanded maps, after the depthwise convolution (SE in MobileNetV3 and EfficientNet). Null: none. */
        public Builder optAttention(Attention a) {
            attention = a;
            return this;
        }

        /** Attention on the projection's output, before the residual sum (ECA in ECA-MobileNetV2). Null: none. */
        public Builder optOutputAttention(Attention a) {
            outputAttention = a;
            return this;
        }

        /** BatchNorm epsilon and PyTorch-style running-average momentum (default 1e-5, 0.1). */
        public Builder optBatchNorm(double epsilon, double runningMomentum) {
            eps = epsilon;
            momentum = runningMomentum;
            return this;
        }

        /** Stochastic depth on the residual branch ({@link DropPath}), in [0, 1) (default 0: none). */
        public Builder optDropPath(double rate) {
            dropPath = rate;
            return this;
        }

        /** torchvision's parameter layout (default V2). */
        public Builder optLayout(Layout l) {
            layout = l;
            return this;
        }

        /** The block; checks the channel counts and the stride. */
        public Block build() {
            if (in < 1 || out < 1 || expanded < 1) {
                throw new IllegalArgumentException("an inverted residual needs in, out and expanded channels >= 1, got "
                        + in + ", " + out + ", " + expanded);
            }
            if (stride != 1 && stride != 2) {
                throw new IllegalArgumentException("stride must be 1 or 2, got " + stride);
            }
            SequentialBlock body = new Sequential();
            if (expanded != in) {
                body.add(Layers.convBnAct(expanded, 1, 1, 1, activation, eps, momentum));
            }
            body.add(Layers.convBnAct(expanded, kernel, stride, expanded, activation, eps, momentum));
            if (attention != null) {
                body.add(attention.block().apply(expanded));
            }
            if (layout == Layout.V2) {
                body.add(Layers.conv2d(out, 1, 1, 1, false)).add(Layers.batchNorm(eps, momentum));
            } else {
                body.add(Layers.convBnAct(out, 1, 1, 1, Activation.IDENTITY, eps, momentum));
            }
            if (outputAttention != null) {
                body.add(outputAttention.block().apply(out));
            }
            if (stride == 1 && in == out) {
                if (dropPath > 0) {
                    body.add(new DropPath(dropPath));
                }
                return new Residual(layout.name, body, null, Activation.IDENTITY);
            }
            return new Chain().add(layout.name, body);
        }
    }
}
