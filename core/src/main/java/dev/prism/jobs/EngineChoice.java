package dev.prism.jobs;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.reflect.TypeToken;
import dev.prism.engine.EngineCheck;
import dev.prism.engine.EngineConfig;
import dev.prism.io.AtomicFiles;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelSpec;
import dev.prism.onnx.OnnxExport;
import dev.prism.onnx.OnnxRuntimeModel;
import dev.prism.train.Inference;
import dev.prism.train.Scorer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@link InferenceEngine#AUTO} made concrete: for a network, its options and a batch size, both
 * engines are timed on this machine (after warm-up, the median of {@value #TIMED} passes of a
 * seeded random batch) and the faster is used; ONNX Runtime only when its scores equal Prism's
 * ({@link OnnxExports#TOLERANCE}). The answer is cached per machine ({@link EngineCheck#machineKey()})
 * in {@code engine-choice-<key>.json} of Prism's cache folder, so each case is measured once.
 */
final class EngineChoice {

    static final int WARMUP = 2;
    static final int TIMED = 5;

    /** The engine chosen and both timings (ms per batch; NaN where not measured), as cached. */
    record Choice(InferenceEngine engine, double djlMs, double ortMs, int batch, String reason) {}

    /** The engine to use, and how results and provenance describe it (its version, and why it was chosen). */
    record Decision(InferenceEngine engine, String description) {}

    private EngineChoice() {}

    /** The faster engine for {@code block} (a network of {@code spec} with {@code options}) at batches of {@code batch}. */
    static Decision choose(EngineConfig config, ModelSpec spec, ModelOptions options, Block block, int batch, NDManager manager, PrintStream log) throws IOException {
        Path file = EngineCheck.cacheDir().resolve("engine-choice-" + EngineCheck.machineKey().substring(0, 16) + ".json");
        String key = spec.name() + " " + options + " batch " + batch;
        Map<String, Choice> known = read(file);
        Choice c = known.get(key);
        if (c != null && c.engine() != null && c.engine() != InferenceEngine.AUTO) {
            return new Decision(c.engine(), c.engine().describe() + " (auto: " + c.reason() + "; measured earlier)");
        }
        c = measure(config, spec, options, block, batch, manager);
        log.println("inference engine: " + c.engine().label() + ", " + c.reason());
        known.put(key, c);
        Files.createDirectories(file.getParent());
        AtomicFiles.writeString(file, Json.GSON.toJson(known) + "\n");
        return new Decision(c.engine(), c.engine().describe() + " (auto: " + c.reason() + ")");
    }

    /** A fixed engine, or {@link InferenceEngine#AUTO} resolved by {@link #choose}. */
    static Decision resolve(EngineConfig config, InferenceEngine engine, ModelSpec spec, ModelOptions options, Block block, int batch,
            NDManager manager, PrintStream log) throws IOException {
        return engine == InferenceEngine.AUTO ? choose(config, spec, options, block, batch, manager, log) : new Decision(engine, engine.describe());
    }

    private static Choice measure(EngineConfig config, ModelSpec spec, ModelOptions options, Block block, int batch, NDManager manager) {
        long[] shape = spec.inputShape(options, batch).getShape();
        float[] x = dev.prism.train.ArraySamples.gaussian(new Random(5), Math.toIntExact(spec.inputShape(options, batch).size()));
        double djl = millis(Inference.scorer(config, spec.freeze(manager, options, block), manager), x, shape);
        byte[] onnx = OnnxExport.export(spec, options, block, List.of(), Map.of());
        double difference = OnnxExports.verify(spec, options, block, onnx, manager);
        if (!(difference <= OnnxExports.TOLERANCE)) {
            return new Choice(InferenceEngine.DJL, djl, Double.NaN, batch, String.format(Locale.ROOT,
                    "ONNX Runtime's scores differ from Prism's by %.1e on this machine, so it is not used", difference));
        }
        double ort;
        try (OnnxRuntimeModel m = new OnnxRuntimeModel(onnx, Runtime.getRuntime().availableProcessors())) {
            ort = millis(m, x, shape);
        }
        InferenceEngine faster = ort < djl ? InferenceEngine.ONNXRUNTIME : InferenceEngine.DJL;
        return new Choice(faster, djl, ort, batch, String.format(Locale.ROOT,
                "%.2f ms per batch of %d on ONNX Runtime against %.2f ms on DJL, measured on this machine", ort, batch, djl));
    }

    private static double millis(Scorer s, float[] x, long[] shape) {
        double[] t = new double[TIMED];
        for (int i = -WARMUP; i < TIMED; i++) {
            long t0 = System.nanoTime();
            s.scores(x, shape);
            if (i >= 0) {
                t[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(t);
        return t[TIMED / 2];
    }

    private static Map<String, Choice> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return new LinkedHashMap<>();
        }
        try {
            Map<String, Choice> m = Json.GSON.fromJson(Files.readString(file), new TypeToken<LinkedHashMap<String, Choice>>() {}.getType());
            return m == null ? new LinkedHashMap<>() : m;
        } catch (IOException | RuntimeException e) {
            return new LinkedHashMap<>(); // an unreadable cache is measured again
        }
    }
}
