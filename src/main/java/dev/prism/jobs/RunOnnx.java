package dev.prism.jobs;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelSpec;
import dev.prism.onnx.OnnxRuntimeModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A run's ONNX export for ONNX Runtime inference, cached in the run folder as
 * {@code onnx/model-<checkpoint sha256 prefix>.onnx}: made (and verified) on first use, reused while
 * the checkpoint it came from is unchanged.
 */
final class RunOnnx {

    private RunOnnx() {}

    /** ONNX Runtime on the export of {@code block} (loaded from {@code checkpoint}), exporting it first if no cached copy matches. */
    static OnnxRuntimeModel load(Path runDir, Path checkpoint, ModelSpec spec, ModelOptions options, Block block, List<String> classNames,
            NDManager manager, java.io.PrintStream log) throws IOException {
        Path file = runDir.resolve("onnx").resolve("model-" + sha256(checkpoint).substring(0, 16) + ".onnx");
        if (!Files.isRegularFile(file)) {
            Files.createDirectories(file.getParent());
            OnnxExports.Exported e = OnnxExports.write(spec, options, block, classNames,
                    Map.of("checkpoint", runDir.relativize(checkpoint).toString()), file, manager);
            log.printf(java.util.Locale.ROOT, "exported the run to ONNX for ONNX Runtime: %s (scores within %.1e of Prism's)%n",
                    runDir.relativize(file), e.difference());
        }
        return new OnnxRuntimeModel(Files.readAllBytes(file), Runtime.getRuntime().availableProcessors());
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
