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
    private final float eps;
    private final Parameter convWeight;
    private final Parameter convBias;
    private final Parameter mean;
    private final Parameter var;
    private final Parameter gamma;
    private final Parameter beta;
    private long version = -1;
    private NDArray seenWeight;
    private NDArray seenMean;
    private NDArray weight;
    private NDArray bias;

    private BatchNormFold(Conv2d conv, BatchNorm bn, float eps) {
        this.conv = conv;
        this.eps = eps;
        // looked up once: getParameters() builds a new list on every call, and forward runs per pass
        this.convWeight = conv.getParameters().get("weight");
        this.convBias = conv.getParameters().get("bias"); // null when the convolution has none
        this.mean = bn.getParameters().get("runningMean");
        this.var = bn.getParameters().get("runningVar");
        this.gamma = bn.getParameters().get("gamma");
        this.beta = bn.getParameters().get("beta");
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
        NDArray w = ps.getValue(convWeight, device, false);
        NDArray m = ps.getValue(mean, device, false);
        if (weight != null && version == VERSION.get() && w == seenWeight && m == seenMean) {
            return;
        }
        long now = VERSION.get();
        if (weight != null) {
            weight.close();
            bias.close();
        }
        NDArray b = convBias == null ? null : ps.getValue(convBias, device, false);
        try (NDArray std = ps.getValue(var, device, false).add(eps).sqrt();
                NDArray scale = ps.getValue(gamma, device, false).div(std);
                NDArray perChannel = scale.reshape(-1, 1, 1, 1);
                NDArray shifted = b == null ? m.neg() : b.sub(m);
                NDArray scaledShift = shifted.mul(scale)) {
            weight = w.mul(perChannel);
            bias = ps.getValue(beta, device, false).add(scaledShift);
        }
        seenWeight = w;
        seenMean = m;
        version = now;
    }
}
