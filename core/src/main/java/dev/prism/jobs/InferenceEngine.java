package dev.prism.jobs;

import dev.prism.SettingException;
import java.util.Locale;

/**
 * Which engine evaluation, prediction and maps run on: Prism's own (DJL and libtorch, the frozen
 * network with BatchNorm folded in), or ONNX Runtime on the run's own ONNX export (made on first use
 * and cached in the run folder, verified against Prism's scores before it is used). Training always
 * runs on DJL and libtorch. {@link #AUTO} picks the faster of the two for the network on this
 * machine, by measurement ({@code EngineChoice}).
 */
public enum InferenceEngine {
    /** Whichever of the two is faster here for this network (measured once per machine, network and batch; cached). */
    AUTO,
    /** DJL and libtorch. */
    DJL,
    /** ONNX Runtime on the run's ONNX export. */
    ONNXRUNTIME;

    /** The engine named {@code s} ({@code djl} or {@code onnxruntime}, any case). */
    public static InferenceEngine parse(String s) {
        for (InferenceEngine e : values()) {
            if (e.label().equalsIgnoreCase(s)) {
                return e;
            }
        }
        throw new SettingException("inference engine", " must be 'auto', 'djl' or 'onnxruntime', got '" + s + "'");
    }

    /** The name as the command line spells it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The engine and its version, as provenance and results record it ({@link #AUTO} is resolved first). */
    public String describe() {
        if (this == AUTO) {
            throw new IllegalStateException("AUTO is resolved to an engine before it runs");
        }
        return this == DJL ? "djl " + ai.djl.engine.Engine.getDjlVersion() + " (pytorch " + ai.djl.engine.Engine.getInstance().getVersion()
                + ", frozen copy)" : dev.prism.onnx.OnnxRuntimeModel.version();
    }
}
