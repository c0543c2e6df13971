package dev.prism.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant that is safe inside a recorded (autograd) computation.
 *
 * <p>DJL 0.36's PyTorch engine implements {@code x.mul(2f)}, {@code x.div(6f)}, {@code x.pow(n)},
 * {@code maximum(n)} and {@code minimum(n)} by making a 0-d tensor of the number whose memory is a
 * Java direct buffer ({@code torch::from_blob}, not owned by libtorch), running the tensor
 * operator, and closing that tensor at once. The operators above save their second operand for
 * the backward pass, so the saved tensor still points at the buffer after Java has let it go: once
 * a garbage collection frees the buffer, the backward pass reads freed memory and gradients come
 * out as infinity, NaN or just wrong. Whether it happens depends on what the process did before
 * (it showed as an intermittent NaN gradient of MobileNetV3-Small in the parity test;
 * {@code ScalarsTest} makes it happen every time). The constants here are made by libtorch
 * ({@code torch::full}), which owns and reference-counts their memory.
 *
 * <p>{@code add} and {@code sub} with a number save nothing and are safe as DJL has them.
 */
public final class Scalars {

    private Scalars() {}

    /** {@code value} as a 0-d array of {@code like}'s type on its manager, in memory libtorch owns. */
    public static NDArray of(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType());
    }

    /** {@code x * value}, safe to differentiate. */
    public static NDArray mul(NDArray x, float value) {
        return x.mul(of(x, value));
    }

    /** {@code x / value}, safe to differentiate (a division, so it rounds as PyTorch's {@code x / value} does). */
    public static NDArray div(NDArray x, float value) {
        return x.div(of(x, value));
    }
}
