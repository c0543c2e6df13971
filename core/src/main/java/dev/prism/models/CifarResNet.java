package dev.prism.models;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import dev.prism.nn.Activation;
import dev.prism.nn.Chain;
import dev.prism.nn.Layers;
import dev.prism.nn.Residual;
import dev.prism.nn.Sequential;
import dev.prism.nn.SqueezeExcite;
import java.util.List;

/**
 * ResNets for 32x32 inputs, with and without Squeeze-and-Excitation, and their plain (no
 * shortcut) counterparts.
 *
 * <ul>
 *   <li>ResNet: He et al., "Deep Residual Learning for Image Recognition", CVPR 2016,
 *       https://arxiv.org/abs/1512.03385. ResNet-18 with the CIFAR stem (3x3 conv, stride 1, no max
 *       pool) as in the widely used {@code kuangliu/pytorch-cifar}; ResNet-20 is the paper's CIFAR
 *       network (section 4.2: 3 stages of 16/32/64 channels, n = 3).
 *   <li>SE: Hu et al., "Squeeze-and-Excitation Networks", https://arxiv.org/abs/1709.01507, the
 *       SE-ResNet module of Fig. 3 (SE on the residual branch before the sum), reduction 16.
 *   <li>Plain: the same stack without shortcuts (the paper's "plain" baselines, section 4.1).
 * </ul>
 *
 * <p>SE-ResNet18 matches the golden fixture's PyTorch definition parameter for parameter: block
 * attributes {@code conv1, bn1, conv2, bn2, shortcut, fc1, fc2}; model attributes {@code conv1,
 * bn1, layer1..layer4, linear}.
 *
 * <p>Deviations: ResNet-20 uses projection shortcuts (1x1 conv + BatchNorm, the paper's option B)
 * where shapes change, not the zero-padding option A; the reference's {@code avg_pool2d(out, 4)} is
 * a global average pool, identical for 32x32 inputs and defined for any other size.
 */
public final class CifarResNet {

    /** One stage. Columns: output channels, number of basic blocks, stride of the first block. */
    public record Stage(int channels, int blocks, int stride) {}

    /** ResNet-18: {@code # c, n, s}. */
    public static final List<Stage> RESNET18 = List.of(
            new Stage(64, 2, 1), new Stage(128, 2, 2), new Stage(256, 2, 2), new Stage(512, 2, 2));

    /** ResNet-20 (6n + 2 with n = 3): {@code # c, n, s}. */
    public static final List<Stage> RESNET20 = List.of(
            new Stage(16, 3, 1), new Stage(32, 3, 2), new Stage(64, 3, 2));

    private CifarResNet() {}

    /** A builder for a network of {@code stages} (ResNet-20: three stages of three blocks). */
    public static Builder builder(List<Stage> stages) {
        return new Builder(stages);
    }

    /** A basic block: two 3x3 conv + BatchNorm, optional SE, shortcut (if any), ReLU. */
    public static Block basicBlock(int in, int out, int stride, boolean shortcuts, int seReduction) {
        return basicBlock(in, out, stride, shortcuts, seReduction, null);
    }

    /**
     * A basic block with {@code attention} (a block for the block's output channels, named as its
     * PyTorch module: {@code eca}, {@code cbam}; null for none) on the residual branch before the
     * sum, where SE sits in the SE-ResNet module.
     */
    public static Block basicBlock(int in, int out, int stride, boolean shortcuts, int seReduction, dev.prism.nn.Attention attention) {
        Chain body = new Chain()
                .add("conv1", Layers.conv2d(out, 3, stride, 1, false))
                .add("bn1", Layers.batchNorm())
                .add(Activation.RELU)
                .add("conv2", Layers.conv2d(out, 3, 1, 1, false))
                .add("bn2", Layers.batchNorm());
        if (seReduction > 0) {
            body.add("", SqueezeExcite.builder().setChannels(out).optReduction(seReduction).build());
        }
        if (attention != null) {
            body.add(attention.name(), attention.block().apply(out));
        }
        if (!shortcuts) {
            return body.add(Activation.RELU);
        }
        Block projection = stride != 1 || in != out
                ? new Sequential().add(Layers.conv2d(out, 1, stride, 0, 1, false)).add(Layers.batchNorm())
                : null;
        return new Residual("", body, projection, Activation.RELU);
    }

    /**
     * Builder: {@code setClasses} required; {@code optSeReduction} (0 = no SE; 16 for SE-ResNet),
     * {@code optShortcuts} (true; false gives the plain network).
     */
    public static final class Builder {
        private final List<Stage> stages;
        private dev.prism.nn.Attention attention;
        private int classes = -1;
        private int seReduction;
        private boolean shortcuts = true;

        Builder(List<Stage> stages) {
            this.stages = stages;
        }

        /** The number of classes (required). */
        public Builder setClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /** An attention block in every basic block (see {@link CifarResNet#basicBlock(int, int, int, boolean, int, dev.prism.nn.Attention)}). */
        public Builder optAttention(dev.prism.nn.Attention attention) {
            this.attention = attention;
            return this;
        }

        /** Squeeze-and-excitation in every block with this reduction ratio (0, the default: none). */
        public Builder optSeReduction(int seReduction) {
            this.seReduction = seReduction;
            return this;
        }

        /** Residual shortcuts (default true); false gives the plain network of the same depth. */
        public Builder optShortcuts(boolean shortcuts) {
            this.shortcuts = shortcuts;
            return this;
        }

        /** Checks the settings and builds the network. */
        public Block build() {
            ModelChecks.classes(classes);
            if (seReduction < 0) {
                throw new IllegalArgumentException("SE reduction must be >= 0 (0 = no SE), got " + seReduction);
            }
            int in = stages.get(0).channels();
            Chain net = new Chain()
                    .add("conv1", Layers.conv2d(in, 3, 1, 1, false))
                    .add("bn1", Layers.batchNorm())
                    .add(Activation.RELU);
            for (int s = 0; s < stages.size(); s++) {
                Stage stage = stages.get(s);
                SequentialBlock layer = new Sequential();
                for (int b = 0; b < stage.blocks(); b++) {
                    layer.add(basicBlock(in, stage.channels(), b == 0 ? stage.stride() : 1, shortcuts, seReduction, attention));
                    in = stage.channels();
                }
                net.add("layer" + (s + 1), layer);
            }
            return net.addStep(Layers.globalAvgPoolFlatten()).add("linear", Layers.linear(classes));
        }
    }
}
