package dev.prism.nn;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;

/**
 * Every activation Prism's networks use, in one place. DJL ships ReLU, sigmoid and leaky ReLU but
 * not ReLU6, hard-sigmoid or hard-swish; these follow PyTorch's definitions exactly, and run as
 * libtorch's own {@code hardtanh}, {@code hardsigmoid} and {@code hardswish} operators through
 * {@link TorchOps} (one kernel forward and one backward each, gradients exactly PyTorch's, zero at
 * the kinks), or, where those are not available, as compositions of DJL operators (the same
 * values; at the kinks themselves libtorch's {@code clamp} passes the gradient):
 *
 * <ul>
 *   <li>{@code relu6(x) = min(max(x, 0), 6)}
 *   <li>{@code hardSigmoid(x) = relu6(x + 3) / 6} (PyTorch {@code nn.Hardsigmoid}, MobileNetV3 eq. 2)
 *   <li>{@code hardSwish(x) = x * hardSigmoid(x)} (MobileNetV3, Howard et al. 2019,
 *       https://arxiv.org/abs/1905.02244)
 *   <li>{@code leakyRelu(x) = x if x > 0 else 0.01 x} (PyTorch's default slope)
 * </ul>
 */
public enum Activation {
    IDENTITY,
    RELU,
    RELU6,
    SIGMOID,
    HARD_SIGMOID,
    HARD_SWISH,
    LEAKY_RELU,
    TANH,
    SILU;

    /** PyTorch's default negative slope for {@code nn.LeakyReLU}. */
    public static final float LEAKY_SLOPE = 0.01f;

    /** Applies this activation to {@code x}. */
    public NDArray apply(NDArray x) {
        switch (this) {
            case IDENTITY:
                return x;
            case RELU:
                return ai.djl.nn.Activation.relu(x);
            case RELU6:
                return relu6(x);
            case SIGMOID:
                return ai.djl.nn.Activation.sigmoid(x);
            case HARD_SIGMOID:
                return hardSigmoid(x);
            case HARD_SWISH:
                return TorchOps.available() ? TorchOps.hardswish(x) : x.mul(hardSigmoidComposed(x));
            case LEAKY_RELU:
                return ai.djl.nn.Activation.leakyRelu(x, LEAKY_SLOPE);
            case TANH:
                return ai.djl.nn.Activation.tanh(x);
            case SILU:
                return x.mul(ai.djl.nn.Activation.sigmoid(x));
            default:
                throw new AssertionError(this);
        }
    }

    /** This activation as a parameter-free block (one index in a PyTorch {@code nn.Sequential}). */
    public Block block() {
        // decided per call, not when built: a network built before the engine self-check follows its verdict
        return new LocalStep(this::apply, x -> TorchOps.available() ? TorchOps.applyInPlace(this, x) : null,
                name().toLowerCase(java.util.Locale.ROOT), (w, x, path) -> new OnnxWriter.Value(w.activation(this, x.name(), path), x.shape()));
    }

    /** A function usable with {@code SequentialBlock.add}. */
    public NDList apply(NDList list) {
        return new NDList(apply(list.singletonOrThrow()));
    }

    /** {@code min(max(x, 0), 6)}. */
    public static NDArray relu6(NDArray x) {
        return TorchOps.available() ? TorchOps.hardtanh(x, 0, 6) : x.clip(0f, 6f);
    }

    /** PyTorch's {@code hardsigmoid}: {@code relu6(x + 3) / 6}. */
    public static NDArray hardSigmoid(NDArray x) {
        return TorchOps.available() ? TorchOps.hardsigmoid(x) : hardSigmoidComposed(x);
    }

    /** {@link #hardSigmoid} from DJL operators, where Prism's native ones are not available (see {@link Scalars} for the division). */
    static NDArray hardSigmoidComposed(NDArray x) {
        return Scalars.div(x.add(3f).clip(0f, 6f), 6f);
    }

    /** Scalar reference of {@link #apply} for tests and documentation. */
    public double applyScalar(double x) {
        switch (this) {
            case IDENTITY:
                return x;
            case RELU:
                return Math.max(0, x);
            case RELU6:
                return Math.min(Math.max(0, x), 6);
            case SIGMOID:
                return 1 / (1 + Math.exp(-x));
            case HARD_SIGMOID:
                return Math.min(Math.max(0, x + 3), 6) / 6;
            case HARD_SWISH:
                return x * Math.min(Math.max(0, x + 3), 6) / 6;
            case LEAKY_RELU:
                return x > 0 ? x : LEAKY_SLOPE * x;
            case TANH:
                return Math.tanh(x);
            case SILU:
                return x / (1 + Math.exp(-x));
            default:
                throw new AssertionError(this);
        }
    }

    /** This activation on {@code x} in an ONNX graph (IDENTITY writes nothing); its one ONNX form. */
    public String writeOnnx(OnnxWriter w, String x, String path) {
        List<String> in = List.of(x);
        switch (this) {
            case IDENTITY:
                return x;
            case RELU:
                return w.node("Relu", path, in);
            case RELU6:
                return w.node("Clip", path, List.of(x, w.floats(path + ".min", new float[] {0}, new long[0]),
                        w.floats(path + ".max", new float[] {6}, new long[0])));
            case SIGMOID:
                return w.node("Sigmoid", path, in);
            case HARD_SIGMOID:
                return w.node("HardSigmoid", path, in, OnnxWriter.Attribute.of("alpha", 1f / 6), OnnxWriter.Attribute.of("beta", 0.5f));
            case HARD_SWISH:
                return w.node("HardSwish", path, in);
            case LEAKY_RELU:
                return w.node("LeakyRelu", path, in, OnnxWriter.Attribute.of("alpha", LEAKY_SLOPE));
            case TANH:
                return w.node("Tanh", path, in);
            case SILU:
                return w.node("Mul", path, List.of(x, w.node("Sigmoid", path, in)));
            default:
                throw new AssertionError(this);
        }
    }
}
