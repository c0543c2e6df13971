package dev.prism.jobs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.prism.data.hsi.PatchSamples;
import dev.prism.engine.EngineConfig;
import dev.prism.nn.SlidingWindow;
import dev.prism.train.Inference;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The predicted class of every pixel of a scene (the classification map). A network with a
 * {@link SlidingWindow} form (HybridSN, its 2-D and 3-D baselines) runs fully convolutionally over
 * strips of rows, sharing the convolutions between neighbouring windows; any other (the
 * squeeze-and-excitation variants) classifies the windows in batches. Both give the network's
 * prediction for the window centred on each pixel.
 */
final class ScenePrediction {

    /** Output pixels per strip: bounds the memory of one pass (Indian Pines re-evaluation peaks at 0.75 GB with 4,096, 0.89 GB with 8,192, in the same time). */
    static final int STRIP_PIXELS = 4096;

    /** Window batch of the fallback path. */
    static final int WINDOW_BATCH = 64;

    private ScenePrediction() {}

    /** Whether {@code block} is evaluated fully convolutionally for these samples. */
    static boolean slides(Block block, PatchSamples samples) {
        return SlidingWindow.of(block, samples.window()).isPresent();
    }

    static int[] predict(EngineConfig engine, Block block, NDManager manager, PatchSamples samples, int stripPixels,
            IntConsumer progress) {
        return classify(engine, block, manager, samples, stripPixels, progress).predicted();
    }

    /** Every pixel's class and its softmax probability, on DJL with {@code engine} (the self-check's result). */
    static Inference.Classified classify(EngineConfig engine, Block block, NDManager manager, PatchSamples samples, int stripPixels,
            IntConsumer progress) {
        return classify(engine, block, manager, samples, 0, samples.scene().rows(), stripPixels, progress);
    }

    /**
     * The class and softmax probability of every pixel of rows {@code [firstRow, firstRow + rowCount)} (row-major, all
     * columns), on DJL: the rows above and below serve as the windows' context and are not classified themselves.
     */
    static Inference.Classified classify(EngineConfig engine, Block block, NDManager manager, PatchSamples samples, int firstRow,
            int rowCount, int stripPixels, IntConsumer progress) {
        int cols = samples.scene().cols();
        Optional<SlidingWindow> sliding = SlidingWindow.of(block, samples.window());
        if (sliding.isEmpty()) {
            int[] rows = IntStream.range(firstRow * cols, (firstRow + rowCount) * cols).toArray();
            return Inference.classify(Inference.scorer(engine, block, manager), samples, rows, WINDOW_BATCH, progress);
        }
        int[] out = new int[rowCount * cols];
        float[] confidence = new float[rowCount * cols];
        int perStrip = Math.max(1, stripPixels / cols);
        long[] sample = samples.sampleShape();
        ParameterStore ps = new ParameterStore(manager, false);
        for (int done = 0; done < rowCount; done += perStrip) {
            int count = Math.min(perStrip, rowCount - done);
            long[] dims = new long[sample.length + 1];
            dims[0] = 1;
            System.arraycopy(sample, 0, dims, 1, sample.length - 2);
            dims[dims.length - 2] = count + sample[sample.length - 2] - 1;
            dims[dims.length - 1] = cols + sample[sample.length - 1] - 1;
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = engine.layout().create(scope, samples.strip(firstRow + done, count), new Shape(dims));
                NDArray scores = sliding.get().scores(ps, x);
                int[] predicted = scores.argMax(1).toType(DataType.INT32, false).toIntArray();
                System.arraycopy(predicted, 0, out, done * cols, predicted.length);
                float[] top = scores.softmax(1).max(new int[] {1}).toFloatArray();
                System.arraycopy(top, 0, confidence, done * cols, top.length);
            }
            if (progress != null) {
                progress.accept((done + count) * cols);
            }
        }
        return new Inference.Classified(out, confidence);
    }
}
