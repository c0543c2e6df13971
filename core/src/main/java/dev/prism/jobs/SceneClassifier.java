package dev.prism.jobs;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.prism.data.hsi.PatchSamples;
import dev.prism.engine.EngineConfig;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelSpec;
import dev.prism.onnx.OnnxRuntimeModel;
import dev.prism.train.Inference;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;

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
    private final EngineConfig config;
    private final NDManager manager;
    private final Block frozen;
    private final OnnxRuntimeModel ort;

    /**
     * @param config the engine self-check's result
     * @param checkpoint the checkpoint {@code trained} was loaded from (the ONNX cache's key)
     * @param manager holds the frozen copy; closed by the caller after this
     */
    SceneClassifier(EngineConfig config, Path runDir, Path checkpoint, ModelSpec spec, ModelOptions options, Block trained,
            List<String> classNames, InferenceEngine requested, NDManager manager, PrintStream log) throws IOException {
        this.manager = manager;
        this.config = config;
        EngineChoice.Decision d = MapEngines.resolve(config, requested, spec, options, trained, manager, log);
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
        return rectangle(samples, 0, samples.scene().rows(), 0, samples.scene().cols(), progress);
    }

    /**
     * The pixels of rows {@code [firstRow, firstRow + rows)} and columns {@code [firstCol, firstCol + cols)} of
     * {@code samples}' scene (a tile without its halo), row-major. On DJL the network slides over those rows, the whole
     * width (halo columns included) and the rows around as context, and the rectangle's columns are kept.
     */
    Inference.Classified rectangle(PatchSamples samples, int firstRow, int rows, int firstCol, int cols, IntConsumer progress) {
        int width = samples.scene().cols();
        if (engine == InferenceEngine.DJL) {
            Inference.Classified band = ScenePrediction.classify(config, frozen, manager, samples, firstRow, rows, ScenePrediction.STRIP_PIXELS,
                    progress);
            if (cols == width) {
                return band;
            }
            int[] predicted = new int[rows * cols];
            float[] confidence = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(band.predicted(), r * width + firstCol, predicted, r * cols, cols);
                System.arraycopy(band.confidence(), r * width + firstCol, confidence, r * cols, cols);
            }
            return new Inference.Classified(predicted, confidence);
        }
        int[] pixels = new int[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                pixels[r * cols + c] = (firstRow + r) * width + firstCol + c;
            }
        }
        return Inference.classify(ort, samples, pixels, ScenePrediction.WINDOW_BATCH, progress);
    }

    @Override
    public void close() {
        if (ort != null) {
            ort.close();
        }
    }
}
