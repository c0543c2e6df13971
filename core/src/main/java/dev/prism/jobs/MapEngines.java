package dev.prism.jobs;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelSpec;
import dev.prism.nn.SlidingWindow;
import java.io.IOException;
import java.io.PrintStream;

/**
 * The engine of a scene map. A network with a fully convolutional form ({@link SlidingWindow}: HybridSN
 * and its 2-D and 3-D baselines) maps on DJL, sliding over the scene and sharing the convolutions of
 * neighbouring windows, which classifying windows one by one on any engine cannot match; any other
 * network is measured ({@link EngineChoice}) at batches of windows.
 */
final class MapEngines {

    private MapEngines() {}

    static EngineChoice.Decision resolve(dev.prism.engine.EngineConfig config, InferenceEngine engine, ModelSpec spec, ModelOptions options, Block block, NDManager manager,
            PrintStream log) throws IOException {
        if (engine == InferenceEngine.AUTO && SlidingWindow.of(block, options.window()).isPresent()) {
            return new EngineChoice.Decision(InferenceEngine.DJL, InferenceEngine.DJL.describe()
                    + " (auto: the network slides over the scene on DJL, sharing the convolutions of neighbouring windows)");
        }
        return EngineChoice.resolve(config, engine, spec, options, block, ScenePrediction.WINDOW_BATCH, manager, log);
    }
}
