package dev.prism.jobs;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.prism.data.hsi.SpectralTransform;
import dev.prism.io.AtomicFiles;
import dev.prism.io.StrictJson;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelSpec;
import dev.prism.onnx.OnnxExport;
import dev.prism.onnx.OnnxRuntimeModel;
import dev.prism.parity.ParityCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * ONNX files of trained runs and zoo models. Every export is verified before it is written: ONNX
 * Runtime runs it on a seeded random batch and its scores must equal Prism's (relative difference
 * at most {@value #TOLERANCE}); a hyperspectral run's spectral transform goes beside the model as a
 * JSON sidecar ({@code NAME.transform.json}), since it is applied to whole spectra before windows
 * are cut and so belongs to no network.
 */
public final class OnnxExports {

    /** The largest relative difference between ONNX Runtime's scores and Prism's that an export may have. */
    public static final double TOLERANCE = 1e-4;

    /** What was written: the model, the sidecar (or null), the model's size and the verified difference. */
    public record Exported(Path model, Path sidecar, long bytes, double difference) {}

    private OnnxExports() {}

    /** {@code out} must name a new {@code .onnx} file in an existing folder: checked before any work. */
    public static void checkTarget(Path out) throws IOException {
        if (!out.getFileName().toString().endsWith(".onnx")) {
            throw new IllegalArgumentException("the ONNX file's name must end in .onnx, got " + out);
        }
        Path parent = out.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            throw new IOException("folder not found: " + parent + " (create it first)");
        }
        if (Files.exists(out)) {
            throw new IOException(out + " exists: remove it or choose another file");
        }
    }

    /** The model of a run folder (its evaluation checkpoint), with its class names and, for a hyperspectral run, its transform. */
    public static Exported fromRun(Path runDir, Path out) throws IOException {
        checkTarget(out);
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainedRun run = TrainedRun.load(runDir, manager);
            ModelSpec spec = dev.prism.models.ModelRegistry.available().get(run.model());
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("run", runDir.toAbsolutePath().toString());
            Path provenance = runDir.resolve("provenance.json");
            if (Files.isRegularFile(provenance)) {
                meta.put("provenance", Files.readString(provenance));
            }
            Path sidecar = null;
            if (run.transform() != null) {
                sidecar = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.onnx$", ".transform.json"));
                meta.put("spectral_transform", sidecar.getFileName().toString());
            }
            Exported e = write(spec, run.options(), run.block(), run.classNames(), meta, out, manager);
            if (sidecar != null) {
                AtomicFiles.writeString(sidecar, StrictJson.PRETTY.toJson(sidecar(run.transform(), run.options().window())) + "\n");
            }
            return new Exported(e.model(), sidecar, e.bytes(), e.difference());
        }
    }

    /** The sidecar's content: the transform and how to apply it. */
    record Sidecar(String format, String how, int inputBands, int channels, int window, double[] mean, double[][] basis, double[] scale) {}

    static Sidecar sidecar(SpectralTransform t, int window) {
        return new Sidecar("prism spectral transform 1",
                "per pixel: y[c] = scale[c] * sum_j basis[c][j] * (x[j] - mean[j]); the model's input for a pixel is the window x window"
                        + " patch of y centred on it (zero outside the scene), as (1, channels, window, window)",
                t.bands(), t.channels(), window, t.mean(), t.basis(), t.scale());
    }

    /**
     * Exports {@code block} (a network of {@code spec} with {@code options}), verified in ONNX
     * Runtime against Prism on a seeded random batch, then written atomically.
     */
    public static Exported write(ModelSpec spec, ModelOptions options, Block block, List<String> classNames, Map<String, String> metadata,
            Path out, NDManager manager) throws IOException {
        return write(spec, options, block, classNames, metadata, out, manager, false);
    }

    /** As {@link #write(ModelSpec, ModelOptions, Block, List, Map, Path, NDManager)}; {@code replace} allows an existing file (a cache). */
    static Exported write(ModelSpec spec, ModelOptions options, Block block, List<String> classNames, Map<String, String> metadata,
            Path out, NDManager manager, boolean replace) throws IOException {
        byte[] onnx = OnnxExport.export(spec, options, block, classNames, metadata);
        double difference = verify(spec, options, block, onnx, manager);
        if (!(difference <= TOLERANCE)) {
            throw new IllegalStateException("the ONNX export of " + spec.name() + " gives scores " + difference
                    + " (relative) away from Prism's in ONNX Runtime: not written; this is a bug, please report it");
        }
        if (replace) {
            AtomicFiles.write(out, onnx);
        } else {
            AtomicFiles.writeNew(out, onnx);
        }
        return new Exported(out, null, onnx.length, difference);
    }

    /** Relative difference between ONNX Runtime's scores and Prism's on a seeded random batch of two. */
    static double verify(ModelSpec spec, ModelOptions options, Block block, byte[] onnx, NDManager manager) {
        Shape shape = spec.inputShape(options, 2);
        float[] x = dev.prism.train.ArraySamples.gaussian(new Random(1), Math.toIntExact(shape.size()));
        float[] prism;
        try (NDManager m = manager.newSubManager()) {
            prism = block.forward(new ParameterStore(m, false), new NDList(m.create(x, shape)), false).singletonOrThrow().toFloatArray();
        }
        try (OnnxRuntimeModel ort = new OnnxRuntimeModel(onnx, Runtime.getRuntime().availableProcessors())) {
            float[] scores = ort.run(x, shape.getShape());
            int classes = prism.length / 2;
            double[][] ref = new double[2][classes];
            for (int i = 0; i < prism.length; i++) {
                ref[i / classes][i % classes] = prism[i];
            }
            return ParityCheck.relativeError(scores, ref);
        }
    }
}
