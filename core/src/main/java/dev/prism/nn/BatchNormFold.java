package dev.prism.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import java.lang.reflect.Field;

/**
 * A 2-D convolution and the BatchNorm after it, as one convolution whose weight and bias absorb
 * the normalisation: {@code w' = w * g / sqrt(var + eps)},
 * {@code b' = beta + (b - mean) * g / sqrt(var + eps)} per output channel (Jacob et al., CVPR
 * 2018, section 3.2; what {@code torch.ao.quantization.fuse_modules} and TorchScript's
 * {@code freeze} do). One operator instead of two per layer, which is what batch-1 inference of
 * the MobileNets pays for. The values equal convolution-then-BatchNorm up to floating-point order.
 *
 * <p>A fold is computed once, from the weights and running statistics of the moment: it belongs to
 * a frozen inference copy ({@link #freeze}, {@code ModelSpec.freeze}), whose weights nothing
 * writes afterwards. The network being trained always runs the two layers as they are.
 */
public final class BatchNormFold {

    private final Conv2d conv;
    private final NDArray weight;
    private final NDArray bias;

    private BatchNormFold(Conv2d conv, BatchNorm bn, float eps) {
        this.conv = conv;
        NDArray w = conv.getParameters().get("weight").getArray();
        Parameter convBias = conv.getParameters().get("bias"); // null when the convolution has none
        NDArray m = bn.getParameters().get("runningMean").getArray();
        try (NDArray std = bn.getParameters().get("runningVar").getArray().add(eps).sqrt();
                NDArray scale = bn.getParameters().get("gamma").getArray().div(std);
                NDArray perChannel = scale.reshape(-1, 1, 1, 1);
                NDArray shifted = convBias == null ? m.neg() : convBias.getArray().sub(m);
                NDArray scaledShift = shifted.mul(scale)) {
            weight = w.mul(perChannel);
            bias = bn.getParameters().get("beta").getArray().add(scaledShift);
        }
    }

    /**
     * Makes {@code block} an inference-only network: in every {@link Sequential} inside it, each
     * 2-D convolution followed by a channel BatchNorm runs as one folded convolution, computed now.
     * Afterwards the block refuses training-mode passes and weight loading (its folds would be
     * stale). Apply it to a copy ({@code ModelSpec.freeze} makes one), never to the network you train.
     *
     * @return the number of folded pairs
     */
    public static int freeze(Block block) {
        int folded = 0;
        if (block instanceof Sequential s) {
            folded += s.freeze();
        }
        for (Block child : block.getChildren().values()) {
            folded += freeze(child);
        }
        return folded;
    }

    /** Whether {@link #freeze} was applied to {@code block} or a block inside it. */
    public static boolean isFrozen(Block block) {
        if (block instanceof Sequential s && s.frozen()) {
            return true;
        }
        return block.getChildren().values().stream().anyMatch(BatchNormFold::isFrozen);
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

    NDList forward(NDList inputs) {
        NDArray x = inputs.singletonOrThrow();
        return Conv2d.conv2d(x, weight, bias, conv.getStride(), conv.getPadding(), conv.getDilation(), conv.getGroups());
    }
}
