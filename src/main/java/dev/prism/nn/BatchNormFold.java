package dev.prism.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A 2-D convolution and the BatchNorm after it, evaluated at inference as one convolution whose
 * weight and bias absorb the normalisation: {@code w' = w * g / sqrt(var + eps)},
 * {@code b' = beta + (b - mean) * g / sqrt(var + eps)} per output channel (Jacob et al., CVPR
 * 2018, section 3.2; what {@code torch.ao.quantization.fuse_modules} and TorchScript's
 * {@code freeze} do). One operator instead of two per layer, which is what batch-1 inference of
 * the MobileNets pays for. The values equal convolution-then-BatchNorm up to floating-point order.
 *
 * <p>The folded weights are cached and recomputed whenever {@link #weightsChanged} was called
 * since (the optimizer after every step, weight loading, every training-mode forward pass, which
 * updates the running statistics) or the parameter arrays were replaced. Training always runs the
 * two layers as they are. {@code -Dprism.foldBatchNorm=false} switches folding off.
 */
public final class BatchNormFold {

    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("prism.foldBatchNorm"));

    private static final AtomicLong VERSION = new AtomicLong();

    private final Conv2d conv;
    private final BatchNorm bn;
    private final float eps;
    private long version = -1;
    private NDArray seenWeight;
    private NDArray seenMean;
    private NDArray weight;
    private NDArray bias;

    private BatchNormFold(Conv2d conv, BatchNorm bn, float eps) {
        this.conv = conv;
        this.bn = bn;
        this.eps = eps;
    }

    /**
     * Parameter values or BatchNorm statistics may have changed: folded weights must be
     * recomputed. Whatever writes parameter values in place calls this (Prism's optimizers and
     * weight loading do).
     */
    public static void weightsChanged() {
        VERSION.incrementAndGet();
    }

    /** The fold of {@code first} then {@code second}, or null if they are not a 2-D convolution and a channel BatchNorm. */
    static BatchNormFold of(Block first, Block second) {
        if (!(first instanceof Conv2d conv) || !(second instanceof BatchNorm bn)) {
            return null;
        }
        try {
            if ((int) field("axis").get(bn) != 1 || !(boolean) field("center").get(bn) || !(boolean) field("scale").get(bn)) {
                return null;
            }
            return new BatchNormFold(conv, bn, (float) field("epsilon").get(bn));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another DJL version: run the layers unfolded
        }
    }

    private static Field field(String name) throws NoSuchFieldException {
        Field f = BatchNorm.class.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    NDList forward(ParameterStore ps, NDList inputs) {
        NDArray x = inputs.singletonOrThrow();
        refresh(ps, x.getDevice());
        return Conv2d.conv2d(x, weight, bias, conv.getStride(), conv.getPadding(), conv.getDilation(), conv.getGroups());
    }

    private synchronized void refresh(ParameterStore ps, Device device) {
        NDArray w = value(ps, conv, "weight", device);
        NDArray mean = value(ps, bn, "runningMean", device);
        if (weight != null && version == VERSION.get() && w == seenWeight && mean == seenMean) {
            return;
        }
        long now = VERSION.get();
        if (weight != null) {
            weight.close();
            bias.close();
        }
        NDArray var = value(ps, bn, "runningVar", device);
        NDArray gamma = value(ps, bn, "gamma", device);
        NDArray beta = value(ps, bn, "beta", device);
        NDArray convBias = conv.getParameters().contains("bias") ? value(ps, conv, "bias", device) : null;
        try (NDArray std = var.add(eps).sqrt(); NDArray scale = gamma.div(std);
                NDArray perChannel = scale.reshape(-1, 1, 1, 1);
                NDArray shifted = convBias == null ? mean.neg() : convBias.sub(mean);
                NDArray scaledShift = shifted.mul(scale)) {
            weight = w.mul(perChannel);
            bias = beta.add(scaledShift);
        }
        seenWeight = w;
        seenMean = mean;
        version = now;
    }

    private static NDArray value(ParameterStore ps, Block block, String name, Device device) {
        Parameter p = block.getParameters().get(name);
        return ps.getValue(p, device, false);
    }
}
