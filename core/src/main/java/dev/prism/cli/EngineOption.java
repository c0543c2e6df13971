package dev.prism.cli;

import dev.prism.jobs.InferenceEngine;
import picocli.CommandLine.Option;

/** The {@code --engine} option of every command that runs a trained network (eval, predict, map). */
final class EngineOption {

    @Option(names = "--engine", defaultValue = "auto", paramLabel = "ENGINE",
            description = "Inference engine: auto (the faster of the two for this network on this machine, timed once and cached;"
                    + " scene maps of sliding networks stay on djl), djl (Prism's own, libtorch) or onnxruntime (the run's ONNX"
                    + " export, made on first use, verified against Prism and cached in RUN_DIR/onnx). Default: ${DEFAULT-VALUE}.")
    String engine;

    /** The engine named, or a one-line error naming the option. */
    InferenceEngine get() {
        return InferenceEngine.parse(engine);
    }
}
