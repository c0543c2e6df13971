package dev.prism.models;

import ai.djl.nn.Block;
import dev.prism.nn.Activation;
import dev.prism.nn.Chain;
import dev.prism.nn.Layers;
import dev.prism.nn.SqueezeExcite;
import dev.prism.nn.Steps;
import java.util.List;

/**
 * HybridSN and its baselines for hyperspectral patches of shape (1, bands, window, window).
 *
 * <p>Roy et al., "HybridSN: Exploring 3-D–2-D CNN Feature Hierarchy for Hyperspectral Image
 * Classification", IEEE GRSL 17(2), 2020, https://arxiv.org/abs/1902.06701. Three 3-D convolutions
 * learn joint spectral-spatial features; their output (32 maps x remaining bands) is reshaped to
 * 2-D channels (576 for 30 bands) for one 2-D convolution; three fully connected layers classify.
 * The FC input size is derived from the band count and window, never hard-coded.
 *
 * <p>Variants:
 *
 * <ul>
 *   <li>{@link Variant#HYBRID}: the paper's network, PyTorch names {@code conv1..conv4, liner1..liner3}
 *       as the golden fixture's reference;
 *   <li>{@link Variant#CNN_2D}: HybridSN's 2-D part on the PCA bands as channels (one 3x3 conv to 64
 *       maps), then the same head;
 *   <li>{@link Variant#CNN_3D}: the three 3-D layers only, flattened into the same head;
 *   <li>HybridSN-SE ({@code optAttention}, {@code Attention.squeezeExcite}): Prism's answer to "how can HybridSN be
 *       improved": a {@link SqueezeExcite} (reduction 16, sigmoid) on the 576 spectral-spatial maps
 *       right after the 3-D to 2-D reshape, so the 2-D layer sees maps re-weighted by how
 *       informative each (filter, band) pair is; {@code optSpectralAttention} adds an SE over the
 *       input bands (reduction 4).
 *   <li>HybridSN-CBAM ({@code Attention.cbam}): the course note's answer, attention "from two sides": CBAM
 *       ({@link dev.prism.nn.Cbam}: channel gate, then spatial gate; Woo et al., ECCV 2018) on the same 576 maps
 *       before {@code conv4}, as {@code ../shared/fixtures/golden/hybridsn_cbam.json} defines it;
 *       {@code Attention.spatial} puts CBAM's spatial gate alone there (HybridSN-SA), {@code Attention.eca} ECA
 *       (HybridSN-ECA).
 * </ul>
 *
 * <p>Deviations from the paper: activations are LeakyReLU(0.01) as in the PyTorch reference
 * definition (the authors' Keras code uses ReLU); the output is {@code log_softmax}, as the
 * reference; dropout 0.4 after the first two FC layers as in the paper. Not a deviation, but
 * visible in the layer listing: the last 3-D layer's LeakyReLU is applied after the 3-D to 2-D
 * reshape rather than before it (element-wise, so the same values; its backward then sees one
 * memory layout, measured faster in docs/performance.md).
 */
public final class HybridSN {

    /** Which network of the family: HybridSN, its 2-D or 3-D-only baselines, or HybridSN with attention. */
    public enum Variant {
        HYBRID("HybridSN"),
        CNN_2D("the 2-D CNN"),
        CNN_3D("the 3-D CNN");

        private final String label;

        Variant(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** A 3-D layer. Columns: output maps, kernel depth (spectral), kernel height and width. */
    public record Conv3dRow(int maps, int depth, int size) {}

    /** The paper's 3-D layers: 8@3x3x7, 16@3x3x5, 32@3x3x3 (spectral depth first here). */
    public static final List<Conv3dRow> CONV3D = List.of(
            new Conv3dRow(8, 7, 3), new Conv3dRow(16, 5, 3), new Conv3dRow(32, 3, 3));

    /** The 2-D layer: 64 maps, 3x3. */
    public static final int CONV2D_MAPS = 64;

    /** The 2-D layer's kernel side. */
    public static final int CONV2D_SIZE = 3;

    /** The FC head: 256, 128, then classes. */
    public static final List<Integer> HEAD = List.of(256, 128);

    public static final double DROPOUT = 0.4;

    private HybridSN() {}

    /** A builder with the paper's settings (Indian Pines: 30 components, 25 x 25 windows). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builder: {@code setBands}, {@code setWindow}, {@code setClasses} required; {@code optVariant}
     * (HYBRID), {@code optDropout} (0.4), {@code optAttention}, {@code optSpectralAttention}.
     */
    public static final class Builder {
        private int bands = -1;
        private int window = -1;
        private int classes = -1;
        private Variant variant = Variant.HYBRID;
        private double dropout = DROPOUT;
        private dev.prism.nn.Attention attention;
        private boolean spectralAttention;

        /** Spectral bands of the input (PCA components: 30 for Indian Pines, 15 for the others). */
        public Builder setBands(int bands) {
            this.bands = bands;
            return this;
        }

        /** Side of the square input window (25 in the paper; at least 9 for HybridSN). */
        public Builder setWindow(int window) {
            this.window = window;
            return this;
        }

        /** Output classes (at least 2). */
        public Builder setClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /** HybridSN (default), or one of its baselines: the 2-D or the 3-D CNN. */
        public Builder optVariant(Variant variant) {
            this.variant = variant;
            return this;
        }

        /** Dropout after the first two FC layers (default 0.4, as the paper). */
        public Builder optDropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        /**
         * Attention on the 576 maps after the reshape (HybridSN variant only): SE, SA, CBAM or ECA
         * ({@link dev.prism.nn.Attention}), named as its PyTorch module; none by default.
         */
        public Builder optAttention(dev.prism.nn.Attention attention) {
            this.attention = attention;
            return this;
        }

        /** SE (reduction 4) over the input bands, before the 3-D layers. */
        public Builder optSpectralAttention(boolean on) {
            this.spectralAttention = on;
            return this;
        }


        /** Bands left after the 3-D layers. */
        public int bandsAfter3d() {
            int b = bands;
            for (Conv3dRow r : CONV3D) {
                b -= r.depth() - 1;
            }
            return b;
        }

        /** Pixels the unpadded convolutions take off the window's side, from the tables (2 + 2 + 2 + 2 for HybridSN). */
        int spatialLoss() {
            int loss = 0;
            if (variant != Variant.CNN_2D) {
                for (Conv3dRow r : CONV3D) {
                    loss += r.size() - 1;
                }
            }
            return variant == Variant.CNN_3D ? loss : loss + CONV2D_SIZE - 1;
        }

        private void validate() {
            ModelChecks.classes(classes);
            ModelChecks.positive("bands", bands);
            ModelChecks.positive("window", window);
            ModelChecks.dropout(dropout);
            int spatialLoss = spatialLoss();
            if (window - spatialLoss < 1) {
                throw new IllegalArgumentException("window " + window + " is too small for " + variant
                        + ": its unpadded convolutions need at least " + (spatialLoss + 1));
            }
            if (variant != Variant.CNN_2D && bandsAfter3d() < 1) {
                throw new IllegalArgumentException("bands " + bands + " is too few for the 3-D layers (kernel depths 7, 5, 3): need at least "
                        + (bands - bandsAfter3d() + 1));
            }
            if (attention != null && variant != Variant.HYBRID) {
                throw new IllegalArgumentException("attention on the spectral-spatial maps sits after the 3-D to 2-D reshape:"
                        + " only the HYBRID variant has one");
            }
            if (spectralAttention && bands / 4 < 1) {
                throw new IllegalArgumentException("spectral attention needs at least 4 bands, got " + bands);
            }
        }

        /** Checks the settings against the network's geometry (window and bands) and builds it. */
        public Block build() {
            validate();
            Chain net = new Chain();
            if (spectralAttention) {
                net.addStep(Steps.bandsAsChannels())
                        .add("spectral_se", SqueezeExcite.builder().setChannels(bands).optReduction(4).build())
                        .addStep(Steps.channelsAsBands());
            }
            int conv = 1;
            if (variant == Variant.CNN_2D) {
                net.addStep(Steps.bandsAsChannels());
            } else {
                for (int k = 0; k < CONV3D.size(); k++) {
                    Conv3dRow r = CONV3D.get(k);
                    net.add("conv" + conv++, Layers.conv3d(r.maps(), r.depth(), r.size(), r.size()));
                    boolean activatedAfterReshape = variant == Variant.HYBRID && k == CONV3D.size() - 1;
                    if (!activatedAfterReshape) {
                        net.add(Activation.LEAKY_RELU);
                    }
                }
            }
            if (variant != Variant.CNN_3D) {
                if (variant == Variant.HYBRID) {
                    // the last 3-D layer's activation runs after the reshape (the same values: it is
                    // element-wise), so its backward sees gradient and input in one memory layout
                    net.addStep(Steps.spectralToChannels()).add(Activation.LEAKY_RELU);
                    int maps = CONV3D.get(CONV3D.size() - 1).maps() * bandsAfter3d();
                    if (attention != null) {
                        net.add(attention.name(), attention.block().apply(maps));
                    }
                }
                net.add("conv" + conv, Layers.conv2d(CONV2D_MAPS, CONV2D_SIZE, 1, 0, 1, true)).add(Activation.LEAKY_RELU);
            }
            net.addStep(Layers.flatten());
            int fc = 1;
            for (int units : HEAD) {
                net.add("liner" + fc++, Layers.linear(units)).add(Activation.LEAKY_RELU).addStep(Layers.dropout(dropout));
            }
            return net.add("liner" + fc, Layers.linear(classes))
                    .addStep(Steps.logSoftmax());
        }
    }
}
