package dev.prism.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {

    private static final int WINDOW = 7;

    /** A small HybridSN: 3-D conv, spectral-to-channels, 2-D conv, flatten, two linear layers. */
    private static Chain hybrid(Block extraFeatureStep) {
        Chain net = new Chain();
        net.add("conv1", Layers.conv3d(3, 3, 3, 3)).add(Activation.LEAKY_RELU)
                .addStep(Steps.spectralToChannels());
        if (extraFeatureStep != null) {
            net.add("extra", extraFeatureStep);
        }
        return net.add("conv2", Layers.conv2d(5, 3, 1, 0, 1, true)).add(Activation.RELU6)
                .addStep(Layers.flatten())
                .add("fc1", Layers.linear(6)).add(Activation.LEAKY_RELU).addStep(Layers.dropout(0.4))
                .add("fc2", Layers.linear(4))
                .addStep(Steps.logSoftmax());
    }

    @Test
    void equalsTheWindowNetworkAtEveryPosition() {
        Chain net = hybrid(null);
        int bands = 6;
        int rows = 12;
        int cols = 15;
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 1, bands, WINDOW, WINDOW));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray scene = m.randomNormal(new Shape(1, 1, bands, rows, cols));
            SlidingWindow sliding = SlidingWindow.of(net, WINDOW).orElseThrow();
            NDArray dense = sliding.scores(ps, dev.prism.engine.EngineCheck.check().layout().apply(scene));
            assertThat(dense.getShape()).isEqualTo(new Shape(1, 4, rows - WINDOW + 1, cols - WINDOW + 1));
            float maxDiff = 0;
            for (int r = 0; r + WINDOW <= rows; r++) {
                for (int c = 0; c + WINDOW <= cols; c++) {
                    NDArray window = scene.get(new NDIndex(":, :, :, {}:{}, {}:{}", r, r + WINDOW, c, c + WINDOW));
                    NDArray expected = net.forward(ps, new NDList(window), false).singletonOrThrow().reshape(4);
                    NDArray got = dense.get(new NDIndex("0, :, {}, {}", r, c));
                    maxDiff = Math.max(maxDiff, expected.sub(got).abs().max().getFloat());
                }
            }
            assertThat(maxDiff).as("largest difference of a log-probability").isLessThan(1e-4f);
        }
    }

    /** A map runs one pass per strip for hours: a pass in a scope leaves nothing behind with the network's weights. */
    @Test
    void aPassInAScopeLeavesNothingWithTheNetwork() {
        Chain net = hybrid(null);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 1, 6, WINDOW, WINDOW));
            ParameterStore ps = new ParameterStore(m, false);
            SlidingWindow sliding = SlidingWindow.of(net, WINDOW).orElseThrow();
            int before = m.getManagedArrays().size();
            for (int pass = 0; pass < 3; pass++) {
                try (NDManager scope = m.newSubManager()) {
                    sliding.scores(ps, scope.randomNormal(new Shape(1, 1, 6, 10, 11))).sum().getFloat();
                }
            }
            assertThat(m.getManagedArrays()).as("arrays held by the network's manager after 3 passes").hasSize(before);
        }
    }

    @Test
    void declinesWhatLooksAtAWholeWindowOrIsPaddedOrStrided() {
        assertThat(SlidingWindow.of(hybrid(null), WINDOW)).isPresent();
        assertThat(SlidingWindow.of(hybrid(SqueezeExcite.builder().setChannels(12).optReduction(4).build()), WINDOW))
                .as("squeeze-excitation pools the whole window").isEmpty();
        assertThat(SlidingWindow.of(hybrid(Layers.conv2d(12, 3, 1, 1, 1, true)), WINDOW)).as("padded convolution").isEmpty();
        assertThat(SlidingWindow.of(hybrid(Layers.conv2d(12, 3, 2, 0, 1, true)), WINDOW)).as("strided convolution").isEmpty();
        assertThat(SlidingWindow.of(hybrid(ai.djl.nn.LambdaBlock.singleton(x -> x, "unknown")), WINDOW))
                .as("a step that promises nothing").isEmpty();
        assertThat(SlidingWindow.of(hybrid(null), 4)).as("window smaller than the convolutions need").isEmpty();
        assertThat(SlidingWindow.of(new Chain().add("fc", Layers.linear(3)), WINDOW)).as("no flatten").isEmpty();
    }
}
