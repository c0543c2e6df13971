package dev.prism.jobs;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.prism.data.hsi.PatchSamples;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelSpec;
import dev.prism.onnx.OnnxRuntimeModel;
import dev.prism.train.Inference;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * A trained hyperspectral network on the engine chosen for scene maps ({@link MapEngines}): on
 * DJL its frozen copy slides over the scene (or a tile of it); on ONNX Runtime the run's own
 * export, made once and cached in the run folder, classifies windows in batches. The one way the
 * training job's scene prediction and {@code prism map} classify pixels.
 */
final class SceneClassifier implements AutoCloseable {

    /** How results describe the engine, e.g. {@code djl 0.36.0 (pytorch 2.7.1, frozen copy)}. */
    final String description;
    private final InferenceEngine engine;
    private final NDManager manager;
    private final Block frozen;
    private final OnnxRuntimeModel ort;

    /**
     * @param checkpoint the checkpoint {@code trained} was loaded from (the ONNX cache's key)
     * @param manager holds the frozen copy; closed by the caller after this
     */
    SceneClassifier(Path runDir, Path checkpoint, ModelSpec spec, ModelOptions options, Block trained, List<String> classNames,
            InferenceEngine requested, NDManager manager, PrintStream log) throws IOException {
        this.manager = manager;
        EngineChoice.Decision d = MapEngines.resolve(requested, spec, options, trained, manager, log);
        this.engine = d.engine();
        this.description = d.description();
        if (engine == InferenceEngine.DJL) {
            frozen = spec.freeze(manager, options, trained);
            ort = null;
        } else {
            frozen = null;
            ort = RunOnnx.load(runDir, checkpoint, spec, options, trained, classNames, manager, log);
        }
    }

    /** Every pixel of {@code samples}' scene: its class and softmax probability. */
    Inference.Classified all(PatchSamples samples, IntConsumer progress) {
        return inner(samples, IntStream.range(0, samples.size()).toArray(), progress);
    }

    /**
     * The pixels {@code inner} (consecutive, as a tile's rows without its halo): on DJL the network
     * slides over the whole of {@code samples} (halo included) and the inner pixels are kept.
     */
    Inference.Classified inner(PatchSamples samples, int[] inner, IntConsumer progress) {
        if (engine == InferenceEngine.DJL) {
            Inference.Classified all = ScenePrediction.classify(frozen, manager, samples, ScenePrediction.STRIP_PIXELS, progress);
            if (inner.length == all.predicted().length) {
                return all;
            }
            return new Inference.Classified(Arrays.copyOfRange(all.predicted(), inner[0], inner[0] + inner.length),
                    Arrays.copyOfRange(all.confidence(), inner[0], inner[0] + inner.length));
        }
        return Inference.classify(ort, samples, inner, ScenePrediction.WINDOW_BATCH, progress);
    }

    @Override
    public void close() {
        if (ort != null) {
            ort.close();
        }
    }
}
