package dev.prism.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * bfloat16 mixed precision, as PyTorch's CPU {@code torch.autocast(dtype=torch.bfloat16)} runs
 * it: inside a {@link #bf16(boolean)} scope every 2-D and 3-D convolution and every linear layer
 * run by an {@link Sequential} computes in bfloat16 (inputs, weights and biases cast on the way
 * in), and its output is cast back to float32, so normalisation, activations, pooling and the
 * loss stay in float32. The weights themselves stay float32 ("master weights"): the casts are
 * autograd operations, so gradients arrive in float32 and the optimizer updates float32 values.
 *
 * <p>Deviations from PyTorch's autocast: outputs return to float32 after each layer (PyTorch
 * leaves them in bfloat16 until an operator on its float32 list), which costs one conversion pass
 * per layer and keeps element-wise work in float32; layers called outside an {@link Sequential}
 * (the squeeze-and-excitation block's two small 1x1 convolutions) stay in float32; inference-time
 * BatchNorm folding is skipped inside the scope. Needs {@link TorchOps} (DJL 0.36 cannot create
 * bfloat16 tensors itself).
 */
public final class Autocast {

    private static final ThreadLocal<Boolean> BF16 = ThreadLocal.withInitial(() -> false);
    /** Set when the engine self-check found bfloat16 arithmetic wrong on this machine. */
    private static volatile String refused;

    private Autocast() {}

    /**
     * Why bfloat16 cannot be used in this process (the native operators are off, or the engine
     * self-check refused it on this machine), or null when it can.
     */
    public static String whyUnavailable() {
        if (!TorchOps.available()) {
            return "bfloat16 needs Prism's native operators, which are off: " + TorchOps.whyUnavailable();
        }
        return refused;
    }

    /** Refuses bfloat16 for the rest of the process: the engine self-check's verdict on this machine. */
    public static void refuse(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("Autocast.refuse: a reason is required");
        }
        refused = reason;
    }

    /** A scope (try-with-resources) in which layers compute in bfloat16 when {@code enabled}. */
    public static Scope bf16(boolean enabled) {
        String why = enabled ? whyUnavailable() : null;
        if (why != null) {
            throw new IllegalStateException(why);
        }
        boolean before = BF16.get();
        BF16.set(enabled || before);
        return () -> BF16.set(before);
    }

    /** Whether layers on this thread compute in bfloat16 now. */
    public static boolean active() {
        return BF16.get();
    }

    /** Closes a {@link #bf16} scope. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * {@code block}'s output for {@code inputs} computed in bfloat16 (the caller is inside a
     * {@link #bf16} scope), or null when the block is not one autocast covers (the caller then
     * runs it as usual: 1-D and transposed convolutions, not in Prism's networks, stay float32).
     */
    static NDList forward(Block block, ParameterStore ps, NDList inputs, boolean training) {
        if (!(block instanceof Conv2d || block instanceof Conv3d || block instanceof Linear)) {
            return null;
        }
        NDArray x = inputs.singletonOrThrow();
        PairList<String, Parameter> params = block.getParameters(); // a new list per call: built once here
        NDArray w = castParameter(ps, params.get("weight"), x, training);
        Parameter bias = params.get("bias"); // null when the layer has none
        NDArray b = bias == null ? null : castParameter(ps, bias, x, training);
        NDArray xb = TorchOps.toBfloat16(x);
        NDList out;
        if (block instanceof Conv2d c) {
            out = Conv2d.conv2d(xb, w, b, c.getStride(), c.getPadding(), c.getDilation(), c.getGroups());
        } else if (block instanceof Conv3d c) {
            out = Conv3d.conv3d(xb, w, b, c.getStride(), c.getPadding(), c.getDilation(), c.getGroups());
        } else {
            out = Linear.linear(xb, w, b);
        }
        return new NDList(TorchOps.toFloat32(out.singletonOrThrow()));
    }

    /**
     * The parameter's bfloat16 copy for this pass, owned by the input's (short-lived) manager: a
     * result belongs to its first input's manager, here the network's, which lives as long as the
     * network, so without the move every pass would leave its copies behind.
     */
    private static NDArray castParameter(ParameterStore ps, Parameter p, NDArray x, boolean training) {
        NDArray copy = TorchOps.toBfloat16(ps.getValue(p, x.getDevice(), training));
        copy.attach(x.getManager());
        return copy;
    }
}
