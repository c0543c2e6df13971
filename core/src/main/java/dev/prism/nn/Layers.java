package dev.prism.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;

/**
 * Factories for the layers every architecture shares, with PyTorch's conventions: padding given
 * explicitly, BatchNorm momentum given the PyTorch way (weight of the new batch statistic, 0.1 by
 * default) and converted to DJL's (weight of the running value).
 */
public final class Layers {

    /** PyTorch's BatchNorm defaults: eps 1e-5, momentum 0.1. */
    public static final double BN_EPS = 1e-5;

    public static final double BN_MOMENTUM = 0.1;

    private Layers() {}

    /** A square 2-D convolution with PyTorch-style padding {@code (k - 1) / 2}. */
    public static Conv2d conv2d(int out, int kernel, int stride, int groups, boolean bias) {
        return conv2d(out, kernel, stride, (kernel - 1) / 2, groups, bias);
    }

    /** A square 2-D convolution, as PyTorch's {@code nn.Conv2d(., out, kernel, stride, padding, groups=groups, bias=bias)}. */
    public static Conv2d conv2d(int out, int kernel, int stride, int padding, int groups, boolean bias) {
        return Conv2d.builder()
                .setFilters(out)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optGroups(groups)
                .optBias(bias)
                .build();
    }

    /** An unpadded, stride-1 3-D convolution with kernel (depth, height, width), with bias. */
    public static Conv3d conv3d(int out, int kd, int kh, int kw) {
        return Conv3d.builder()
                .setFilters(out)
                .setKernelShape(new Shape(kd, kh, kw))
                .optBias(true)
                .build();
    }

    /** BatchNorm with PyTorch's eps and momentum. */
    public static BatchNorm batchNorm(double eps, double torchMomentum) {
        return BatchNorm.builder()
                .optEpsilon((float) eps)
                .optMomentum((float) (1 - torchMomentum))
                .build();
    }

    /** BatchNorm with PyTorch's defaults (eps 1e-5, momentum 0.1). */
    public static BatchNorm batchNorm() {
        return batchNorm(BN_EPS, BN_MOMENTUM);
    }

    /** A fully connected layer with bias, as {@code nn.Linear(., units)}. */
    public static Linear linear(int units) {
        return Linear.builder().setUnits(units).optBias(true).build();
    }

    /** Dropout at {@code rate} (active in training only). */
    public static Dropout dropout(double rate) {
        return Dropout.builder().optRate((float) rate).build();
    }

    /**
     * torchvision's {@code Conv2dNormActivation}: an {@code nn.Sequential} of convolution (no
     * bias), BatchNorm and, unless {@code act} is {@link Activation#IDENTITY}, the activation.
     */
    public static SequentialBlock convBnAct(
            int out, int kernel, int stride, int groups, Activation act, double eps, double momentum) {
        SequentialBlock block = new Sequential()
                .add(conv2d(out, kernel, stride, groups, false))
                .add(batchNorm(eps, momentum));
        if (act != Activation.IDENTITY) {
            block.add(act.block());
        }
        return block;
    }

    /** Convolution without bias, BatchNorm with PyTorch's defaults, then {@code act}. */
    public static SequentialBlock convBnAct(int out, int kernel, int stride, int groups, Activation act) {
        return convBnAct(out, kernel, stride, groups, act, BN_EPS, BN_MOMENTUM);
    }

    /** Global average pooling to (N, C), as {@code adaptive_avg_pool2d(x, 1).flatten(1)}. */
    public static Block globalAvgPoolFlatten() {
        return new GlobalAvgPool();
    }

    /**
     * Mean over the spatial axes of (N, C, H, W), giving (N, C): libtorch's adaptive average pool,
     * which is its {@code mean}. Writing it as a sum and a division of the small result would skip
     * the full-size division {@code mean}'s backward makes (SE-ResNet18: 47-58 ms per training
     * step of 64). Written with DJL's {@code div(Number)} that form gave MobileNetV3's gradients
     * from freed memory (NaN or 14% off, depending on what the process had run before; the golden
     * parity test caught it); the cause, found later, is DJL's number overloads ({@link Scalars}),
     * so the form could now be measured again with {@link Scalars#div}.
     */
    public static ai.djl.ndarray.NDArray globalAvgPool(ai.djl.ndarray.NDArray x) {
        return ai.djl.nn.pooling.Pool.globalAvgPool2d(x).reshape(x.getShape().get(0), x.getShape().get(1));
    }

    /** Flattens every axis but the batch axis, as {@code torch.flatten(x, 1)}. */
    public static Block flatten() {
        return new Flatten();
    }

    /**
     * A BatchNorm's epsilon (DJL keeps it private); read by reflection, which a DJL version that
     * renamed the field fails with an {@link IllegalStateException} naming it.
     */
    public static float epsilon(BatchNorm bn) {
        try {
            java.lang.reflect.Field f = BatchNorm.class.getDeclaredField("epsilon");
            f.setAccessible(true);
            return (float) f.get(bn);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this DJL version's BatchNorm has no field 'epsilon': " + e, e);
        }
    }

    /** PyTorch's {@code _make_divisible}: round to the nearest multiple of {@code divisor}, never down by more than 10%. */
    public static int makeDivisible(double value, int divisor) {
        int rounded = Math.max(divisor, (int) (value + divisor / 2.0) / divisor * divisor);
        if (rounded < 0.9 * value) {
            rounded += divisor;
        }
        return rounded;
    }
}
