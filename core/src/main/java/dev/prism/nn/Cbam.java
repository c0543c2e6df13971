package dev.prism.nn;

/**
 * CBAM, the Convolutional Block Attention Module (Woo et al., ECCV 2018,
 * https://arxiv.org/abs/1807.06521): a channel gate, then a spatial gate, each multiplied into the
 * maps (the paper's sequential, channel-first arrangement). The channel gate is Prism's one
 * {@link SqueezeExcite} with average- and max-pooled descriptors through a shared bottleneck of
 * linear layers with biases (reduction 16, ReLU, sigmoid); the spatial gate is {@link SpatialGate}.
 * PyTorch names {@code channel.fc1.*}, {@code channel.fc2.*}, {@code spatial.conv.weight},
 * {@code spatial.bn.*}.
 */
public final class Cbam {

    /** The paper's channel reduction. */
    public static final int REDUCTION = 16;

    private Cbam() {}

    /** CBAM over {@code channels} maps. */
    public static Chain of(int channels) {
        SqueezeExcite channel = SqueezeExcite.builder().setChannels(channels).optReduction(REDUCTION)
                .optPooling(SqueezeExcite.Pooling.AVG_AND_MAX).optConvolutionShapedWeights(false).build();
        return new Chain().add("channel", channel).add("spatial", new SpatialGate());
    }
}
