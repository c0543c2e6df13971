package dev.prism.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * Squeeze-and-Excitation channel attention (Hu et al., "Squeeze-and-Excitation Networks", CVPR
 * 2018, https://arxiv.org/abs/1709.01507): global average pool, a bottleneck of two "fully
 * connected" layers, a gate, and a channel-wise rescaling of the input.
 *
 * <p>One block serves every network in Prism:
 *
 * <ul>
 *   <li>CBAM's channel gate (Woo et al., "CBAM: Convolutional Block Attention Module", ECCV 2018,
 *       https://arxiv.org/abs/1807.06521, eq. 2): the same bottleneck applied to the average- and
 *       the max-pooled descriptor and summed before the sigmoid ({@link Pooling#AVG_AND_MAX}), with
 *       linear-shaped weights, reduction 16;
 *   <li>SENet: reduction 16, squeeze width {@code c / 16}, ReLU, sigmoid gate;
 *   <li>MobileNetV3: reduction 4, squeeze width {@code make_divisible(c / 4, 8)}, ReLU,
 *       hard-sigmoid gate (Howard et al. 2019, section 5.3);
 *   <li>HybridSN-SE: reduction 16 over the 576 spectral-spatial maps, sigmoid gate.
 * </ul>
 *
 * <p>Deviation from the paper, as in both PyTorch references: the two FC layers are stored as 1x1
 * convolutions with bias, named {@code fc1} and {@code fc2} (shapes (C', C, 1, 1)), so that their
 * state dicts load both ways. They compute as matrix products on the pooled (N, C) vector
 * ({@link PointwiseLinear}): the same values, without the 1x1 convolution kernel on (N, C, 1, 1)
 * tensors that oneDNN 3.7 gets wrong on some CPUs.
 */
public final class SqueezeExcite extends Gate implements OnnxForm {

    private final int channels;
    private final int squeezeChannels;
    private final Activation inner;
    private final Activation gate;
    private final Pooling pooling;

    /** How the squeeze describes each channel. */
    public enum Pooling {
        /** The spatial mean (SENet). */
        AVG,
        /** The spatial mean and the spatial maximum, each through the shared bottleneck, summed (CBAM). */
        AVG_AND_MAX
    }
    private final PointwiseLinear fc1;
    private final PointwiseLinear fc2;

    private SqueezeExcite(Builder b) {
        this.channels = b.channels;
        this.squeezeChannels = b.squeezeChannels();
        this.inner = b.inner;
        this.gate = b.gate;
        this.pooling = b.pooling;
        this.fc1 = addChildBlock("fc1", new PointwiseLinear(squeezeChannels, b.convolutionShaped));
        this.fc2 = addChildBlock("fc2", new PointwiseLinear(channels, b.convolutionShaped));
    }

    /** A builder: {@code setChannels} required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Channels the block gates. */
    public int getChannels() {
        return channels;
    }

    /** Width of the bottleneck between the two FC layers. */
    public int getSqueezeChannels() {
        return squeezeChannels;
    }

    /** The activation between the two FC layers. */
    public Activation getInner() {
        return inner;
    }

    /** How the squeeze describes each channel. */
    public Pooling getPooling() {
        return pooling;
    }

    /** The first FC layer (channels to the bottleneck). */
    public PointwiseLinear getFc1() {
        return fc1;
    }

    /** The second FC layer (bottleneck to channels). */
    public PointwiseLinear getFc2() {
        return fc2;
    }

    /** The gate's activation (sigmoid, or hard-sigmoid in MobileNetV3). */
    public Activation getGate() {
        return gate;
    }

    /** The per-channel scale in (0, 1), shape (N, C, 1, 1). */
    @Override
    public NDArray weights(ParameterStore ps, NDArray x, boolean training) {
        NDArray s = Layers.globalAvgPool(x);
        long n = s.getShape().get(0);
        if (pooling == Pooling.AVG_AND_MAX) {
            // both descriptors through the shared bottleneck in one batch of 2N, then summed
            s = s.concat(x.max(new int[] {3}).max(new int[] {2}), 0);
        }
        s = fc1.forward(ps, new NDList(s), training).singletonOrThrow();
        s = inner.apply(s);
        s = fc2.forward(ps, new NDList(s), training).singletonOrThrow();
        if (pooling == Pooling.AVG_AND_MAX) {
            s = s.get("0:" + n).add(s.get(n + ":"));
        }
        return gate.apply(s).expandDims(2).expandDims(3);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        fc1.initialize(manager, dataType, new Shape(n, channels));
        fc2.initialize(manager, dataType, new Shape(n, squeezeChannels));
    }

    /** Builder: {@code setChannels} is required; the rest default to SENet's choices. */
    public static final class Builder {
        private int channels = -1;
        private int reduction = 16;
        private int divisor = 1;
        private Activation inner = Activation.RELU;
        private Activation gate = Activation.SIGMOID;
        private Pooling pooling = Pooling.AVG;
        private boolean convolutionShaped = true;

        /** Channels of the maps to gate. */
        public Builder setChannels(int channels) {
            this.channels = channels;
            return this;
        }

        /** Squeeze width = channels / reduction (integer division); default 16. */
        public Builder optReduction(int reduction) {
            this.reduction = reduction;
            return this;
        }

        /** Round the squeeze width with {@code make_divisible(., divisor)}; 1 (default) keeps the floor. */
        public Builder optDivisor(int divisor) {
            this.divisor = divisor;
            return this;
        }

        /** The gate's activation (default sigmoid). */
        public Builder optGate(Activation gate) {
            this.gate = gate;
            return this;
        }

        /** The activation between the two FC layers (default ReLU). */
        public Builder optInner(Activation inner) {
            this.inner = inner;
            return this;
        }

        /** The squeeze: {@link Pooling#AVG} (default, SENet) or {@link Pooling#AVG_AND_MAX} (CBAM). */
        public Builder optPooling(Pooling pooling) {
            this.pooling = pooling;
            return this;
        }

        /**
         * Whether the two FC weights are stored as 1x1 convolutions, (C', C, 1, 1) (default, as
         * SENet's and torchvision's references), or as linear layers, (C', C) (CBAM's reference).
         */
        public Builder optConvolutionShapedWeights(boolean convolutionShaped) {
            this.convolutionShaped = convolutionShaped;
            return this;
        }

        int squeezeChannels() {
            int s = channels / reduction;
            return divisor > 1 ? Layers.makeDivisible(s, divisor) : s;
        }

        /** The block; checks the channel counts. */
        public SqueezeExcite build() {
            if (channels <= 0) {
                throw new IllegalArgumentException("SqueezeExcite: setChannels(c) with c > 0 is required, got " + channels);
            }
            if (pooling == null || inner == null || gate == null) {
                throw new IllegalArgumentException("SqueezeExcite: pooling, inner and gate must not be null");
            }
            if (reduction <= 0) {
                throw new IllegalArgumentException("SqueezeExcite: reduction must be > 0, got " + reduction);
            }
            if (squeezeChannels() < 1) {
                throw new IllegalArgumentException("SqueezeExcite: " + channels + " channels / reduction "
                        + reduction + " leaves no squeeze channel; use a smaller reduction");
            }
            return new SqueezeExcite(this);
        }
    }

    /** Global pooling, the bottleneck as {@code Gemm}s (shared by both descriptors in CBAM), the gate, and the product with the input. */
    @Override
    public OnnxWriter.Value writeOnnx(OnnxWriter w, OnnxWriter.Value x, String path) {
        String w1 = w.weights(path + ".fc1.weight", getFc1().matrix());
        String b1 = w.weights(path + ".fc1.bias", getFc1().bias());
        String w2 = w.weights(path + ".fc2.weight", getFc2().matrix());
        String b2 = w.weights(path + ".fc2.bias", getFc2().bias());
        String s = bottleneck(w, w.node("GlobalAveragePool", path, java.util.List.of(x.name())), w1, b1, w2, b2, path);
        if (getPooling() == Pooling.AVG_AND_MAX) {
            String m = bottleneck(w, w.node("GlobalMaxPool", path, java.util.List.of(x.name())), w1, b1, w2, b2, path);
            s = w.node("Add", path, java.util.List.of(s, m));
        }
        String gate = w.activation(getGate(), s, path);
        String weights = w.node("Unsqueeze", path, java.util.List.of(gate, w.longs(path + ".axes", 2, 3)));
        return new OnnxWriter.Value(w.node("Mul", path, java.util.List.of(x.name(), weights)), x.shape());
    }

    private String bottleneck(OnnxWriter w, String pooled, String w1, String b1, String w2, String b2, String path) {
        String flat = w.node("Flatten", path, java.util.List.of(pooled), OnnxWriter.Attribute.of("axis", 1L));
        String h = w.node("Gemm", path + ".fc1", java.util.List.of(flat, w1, b1), OnnxWriter.Attribute.of("transB", 1L));
        h = w.activation(getInner(), h, path);
        return w.node("Gemm", path + ".fc2", java.util.List.of(h, w2, b2), OnnxWriter.Attribute.of("transB", 1L));
    }
}
