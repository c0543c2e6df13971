package dev.prism.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.LambdaBlock;
import java.util.function.UnaryOperator;

/**
 * A parameter-free step that treats every spatial position on its own: an activation, a softmax
 * over the channel axis, a reshape of the non-spatial axes (HybridSN's spectral-to-channels). It
 * gives the same values on a window and on a whole scene, which {@link SlidingWindow} relies on;
 * an anonymous {@link LambdaBlock} promises nothing of the kind.
 */
public final class LocalStep extends LambdaBlock implements OnnxForm {

    private final UnaryOperator<NDArray> inPlace;
    private final OnnxForm onnx;

    /**
     * A parameterless layer computing {@code step}, written to ONNX as {@code onnx} says; {@code
     * name} is how summaries show it.
     */
    public LocalStep(UnaryOperator<NDArray> step, String name, OnnxForm onnx) {
        this(step, null, name, onnx);
    }

    /**
     * A step with an in-place form: {@code inPlace} overwrites its argument with the step's result
     * and returns it, or returns null when it cannot; {@link Sequential} uses it in inference on
     * results nothing else reads.
     */
    public LocalStep(UnaryOperator<NDArray> step, UnaryOperator<NDArray> inPlace, String name, OnnxForm onnx) {
        super(list -> new NDList(step.apply(list.singletonOrThrow())), name);
        this.inPlace = inPlace;
        this.onnx = java.util.Objects.requireNonNull(onnx, "a step's ONNX form");
    }

    @Override
    public OnnxWriter.Value writeOnnx(OnnxWriter w, OnnxWriter.Value x, String path) {
        return onnx.writeOnnx(w, x, path);
    }

    /** The step applied to {@code x} in place (returning {@code x}), or null when it has no in-place form. */
    NDArray applyInPlace(NDArray x) {
        return inPlace == null ? null : inPlace.apply(x);
    }
}
