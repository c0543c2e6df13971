package dev.prism.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libtorch operators DJL 0.36 does not expose, called directly on DJL's tensors through Prism's
 * small JNI library ({@code src/main/native/prism_torch.cpp}, built by Maven with g++):
 *
 * <ul>
 *   <li>{@code hardtanh} (ReLU6 = hardtanh(0, 6)): one forward and one backward kernel where
 *       DJL's {@code clip} runs libtorch's {@code clamp}, whose backward is four kernels;
 *   <li>{@code hardswish} and {@code hardsigmoid} (MobileNetV3): one operator each where the
 *       DJL composition is three or four;
 *   <li>{@code _fused_adam_} / {@code _fused_adamw_}: an Adam update of one parameter in one pass
 *       over its memory (PyTorch's {@code Adam(fused=True)} CPU kernel) where the DJL composition
 *       makes about ten;
 *   <li>{@code to(dtype)} to and from bfloat16, which DJL's own cast cannot express (its JNI
 *       maps data types 0..8 only and aborts the JVM on BFLOAT16): the basis of {@link Autocast}.
 * </ul>
 *
 * <p>Results are autograd-aware libtorch tensors, attached to the manager of the input like any
 * DJL result. The library mirrors a few libtorch types for the x86-64 ABI of libtorch 2.7.1, so
 * it is used only with that version on linux-x86_64 ({@link #available()}); elsewhere, without
 * g++ at build time, or with {@code -Dprism.nativeOps=false}, callers use their DJL compositions
 * (the same values; the tests compare both paths).
 */
public final class TorchOps {

    private static final Logger LOG = LoggerFactory.getLogger(TorchOps.class);
    /** The libtorch version whose ABI {@code prism_torch.cpp} mirrors. */
    static final String LIBTORCH_VERSION = "2.7.1";
    /** c10::ScalarType codes. */
    private static final int FLOAT = 6;
    private static final int BFLOAT16 = 15;
    private static final String UNAVAILABLE = load();
    /** Set when the engine self-check found an operator wrong on this machine. */
    private static volatile String switchedOff;

    private TorchOps() {}

    /** Whether the native operators are in use (else callers fall back to DJL compositions). */
    public static boolean available() {
        return UNAVAILABLE == null && switchedOff == null;
    }

    /** Why the native operators are not in use, or null when they are. */
    public static String whyUnavailable() {
        return UNAVAILABLE != null ? UNAVAILABLE : switchedOff;
    }

    /**
     * Turns the native operators off for the rest of the process (callers then use their DJL
     * compositions): the engine self-check's verdict where one of them computes wrongly on this
     * machine. Networks built before keep the path they chose.
     */
    public static void switchOff(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("TorchOps.switchOff: a reason is required");
        }
        switchedOff = reason;
    }

    /** {@code min(max(x, min), max)} with a one-kernel backward (PyTorch's {@code F.hardtanh}). */
    public static NDArray hardtanh(NDArray x, double min, double max) {
        return wrap(x, hardtanh(handle(x), min, max));
    }

    /** {@code x * relu6(x + 3) / 6} (PyTorch's {@code F.hardswish}). */
    public static NDArray hardswish(NDArray x) {
        return wrap(x, hardswish(handle(x)));
    }

    /** {@code relu6(x + 3) / 6} (PyTorch's {@code F.hardsigmoid}). */
    public static NDArray hardsigmoid(NDArray x) {
        return wrap(x, hardsigmoid(handle(x)));
    }

    /**
     * Overwrites {@code x} with {@code activation(x)} (libtorch's in-place {@code relu_},
     * {@code hardtanh_}, {@code hardswish_}, {@code hardsigmoid_}, {@code leaky_relu_}) and returns
     * it, or returns null when the activation has no in-place form here (sigmoid). For inference:
     * under autograd libtorch refuses to overwrite a tensor it saved for the backward pass.
     */
    public static NDArray applyInPlace(Activation activation, NDArray x) {
        long h = handle(x);
        switch (activation) {
            case IDENTITY -> { }
            case RELU -> reluInPlace(h);
            case RELU6 -> hardtanhInPlace(h, 0, 6);
            case HARD_SWISH -> hardswishInPlace(h);
            case HARD_SIGMOID -> hardsigmoidInPlace(h);
            case LEAKY_RELU -> leakyReluInPlace(h, Activation.LEAKY_SLOPE);
            default -> {
                return null;
            }
        }
        return x;
    }

    /** {@code x} in bfloat16 (autograd-aware: gradients flow back in x's type). */
    public static NDArray toBfloat16(NDArray x) {
        return wrap(x, toDtype(handle(x), BFLOAT16));
    }

    /** {@code x} in float32 (autograd-aware). */
    public static NDArray toFloat32(NDArray x) {
        return wrap(x, toDtype(handle(x), FLOAT));
    }

    /**
     * One Adam update of {@code param} in place, PyTorch's rule (bias-corrected moments {@code m},
     * {@code v} updated in place); {@code decoupled} selects AdamW's decay. {@code step} is the
     * update's number, 1 for the first.
     */
    public static void adamUpdate(
            NDArray param, NDArray grad, NDArray m, NDArray v, NDArray step, double lr, double beta1, double beta2,
            double weightDecay, double eps, boolean decoupled) {
        // the CPU kernel reads the gradient in the parameter's (contiguous) order: a gradient in
        // another layout (channels-last convolution) is made contiguous first
        long g = contiguous(handle(grad));
        try {
            fusedAdam(handle(param), g, handle(m), handle(v), handle(step), lr, beta1, beta2, weightDecay, eps, decoupled);
        } finally {
            JniUtils.deleteNDArray(g);
        }
    }

    private static long handle(NDArray x) {
        return ((PtNDArray) x).getHandle();
    }

    private static NDArray wrap(NDArray like, long handle) {
        return new PtNDArray((PtNDManager) like.getManager(), handle);
    }

    private static String load() {
        if (!Boolean.parseBoolean(System.getProperty("prism.nativeOps", "true"))) {
            return "switched off by -Dprism.nativeOps=false";
        }
        String error = NativeLibrary.loadError();
        if (error != null) {
            return error;
        }
        Engine.getEngine("PyTorch"); // loads libtorch
        String version = LibUtils.getVersion();
        if (!LIBTORCH_VERSION.equals(version)) {
            return "built for libtorch " + LIBTORCH_VERSION + ", DJL loaded " + version;
        }
        error = init(Path.of(LibUtils.getLibtorchPath()).resolve("libtorch_cpu.so").toString());
        if (error != null) {
            LOG.warn("Prism's native operators are off: " + error);
        }
        return error;
    }

    private static native String init(String libtorchCpu);

    private static native long hardtanh(long x, double min, double max);

    private static native long hardswish(long x);

    private static native long hardsigmoid(long x);

    private static native long contiguous(long x);

    private static native void reluInPlace(long x);

    private static native void hardtanhInPlace(long x, double min, double max);

    private static native void hardswishInPlace(long x);

    private static native void hardsigmoidInPlace(long x);

    private static native void leakyReluInPlace(long x, double slope);

    private static native long toDtype(long x, int scalarType);

    private static native void fusedAdam(
            long param, long grad, long m, long v, long step, double lr, double beta1, double beta2, double weightDecay,
            double eps, boolean decoupled);
}
