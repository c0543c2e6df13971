package dev.prism.jobs;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelSpec;
import dev.prism.onnx.OnnxRuntimeModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A run's ONNX export for ONNX Runtime inference, cached in the run folder as
 * {@code onnx/model-<checkpoint sha256 prefix>.onnx}: made (and verified) on first use, and reused
 * only after the same check passes again (ONNX Runtime's scores on a seeded batch equal to the
 * checkpoint's network's), so a cached file that was replaced, truncated or damaged is rebuilt, with
 * a line saying so, instead of trusted.
 */
final class RunOnnx {

    private RunOnnx() {}

    /** ONNX Runtime on the export of {@code block} (loaded from {@code checkpoint}), exporting it first if no cached copy matches. */
    static OnnxRuntimeModel load(Path runDir, Path checkpoint, ModelSpec spec, ModelOptions options, Block block, List<String> classNames,
            NDManager manager, java.io.PrintStream log) throws IOException {
        Path file = runDir.resolve("onnx").resolve("model-" + java.util.HexFormat.of().formatHex(dev.prism.io.Digests.sha256(checkpoint)).substring(0, 16) + ".onnx");
        if (Files.isRegularFile(file)) {
            String why = mismatch(file, spec, options, block, manager);
            if (why == null) {
                return new OnnxRuntimeModel(Files.readAllBytes(file), Runtime.getRuntime().availableProcessors());
            }
            log.println("the cached ONNX export " + file + " " + why + ": rebuilding it from " + runDir.relativize(checkpoint));
            Files.delete(file);
        }
        Files.createDirectories(file.getParent());
        OnnxExports.Exported e = OnnxExports.write(spec, options, block, classNames,
                Map.of("checkpoint", runDir.relativize(checkpoint).toString()), file, manager, true);
        log.printf(java.util.Locale.ROOT, "exported the run to ONNX for ONNX Runtime: %s (scores within %.1e of Prism's)%n",
                runDir.relativize(file), e.difference());
        return new OnnxRuntimeModel(Files.readAllBytes(file), Runtime.getRuntime().availableProcessors());
    }

    /** Why the cached export cannot stand for {@code block}, or null when ONNX Runtime's scores equal Prism's. */
    private static String mismatch(Path file, ModelSpec spec, ModelOptions options, Block block, NDManager manager) throws IOException {
        double difference;
        try {
            difference = OnnxExports.verify(spec, options, block, Files.readAllBytes(file), manager);
        } catch (RuntimeException e) {
            return "does not load in ONNX Runtime (" + e.getMessage() + ")";
        }
        return difference <= OnnxExports.TOLERANCE ? null
                : String.format(java.util.Locale.ROOT, "gives scores %.3g (relative) away from its checkpoint's network", difference);
    }
}
