package dev.prism.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class BatchNormFoldTest {

    /** conv (no bias), BN, ReLU6, depthwise conv with bias, BN (eps 1e-3), as the MobileNets stack them. */
    private static Block[] layers() {
        return new Block[] {Layers.conv2d(6, 3, 1, 1, false), Layers.batchNorm(), Activation.RELU6.block(),
                Layers.conv2d(6, 3, 2, 1, 6, true), Layers.batchNorm(1e-3, 0.1)};
    }

    private static float maxDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    @Test
    void foldedInferenceEqualsConvolutionThenBatchNormAndFollowsEveryWeightChange() {
        Block[] layers = layers();
        Sequential folded = new Sequential();
        SequentialBlock plain = new SequentialBlock();
        for (Block b : layers) {
            folded.add(b);
            plain.add(b);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            Shape in = new Shape(2, 3, 9, 9);
            folded.initialize(m, DataType.FLOAT32, in);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(in);
            // a few training passes give the BatchNorms non-trivial running statistics
            for (int i = 0; i < 3; i++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    folded.forward(ps, new NDList(m.randomNormal(1, 2, in, DataType.FLOAT32)), true);
                }
            }
            NDArray expected = plain.forward(ps, new NDList(x), false).singletonOrThrow();
            NDArray got = folded.forward(ps, new NDList(x), false).singletonOrThrow();
            assertThat(maxDiff(expected, got)).as("folded vs unfolded").isLessThan(1e-4f);

            // weights written in place (as the optimizer and checkpoint loading do), then announced
            Parameter w = layers[0].getParameters().get("weight");
            w.getArray().muli(-2f);
            BatchNormFold.weightsChanged();
            NDArray expected2 = plain.forward(ps, new NDList(x), false).singletonOrThrow();
            assertThat(maxDiff(expected2, expected)).as("the change matters").isGreaterThan(1e-2f);
            assertThat(maxDiff(expected2, folded.forward(ps, new NDList(x), false).singletonOrThrow())).as("no stale fold").isLessThan(1e-4f);

            // a training-mode pass moves the running statistics: the next inference sees them
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                folded.forward(ps, new NDList(m.randomNormal(3, 1, in, DataType.FLOAT32)), true);
            }
            NDArray expected3 = plain.forward(ps, new NDList(x), false).singletonOrThrow();
            assertThat(maxDiff(expected3, expected2)).isGreaterThan(1e-3f);
            assertThat(maxDiff(expected3, folded.forward(ps, new NDList(x), false).singletonOrThrow())).isLessThan(1e-4f);
        }
    }

    @Test
    void onlyAConvolutionFollowedByAChannelBatchNormFolds() {
        assertThat(BatchNormFold.of(Layers.conv2d(4, 3, 1, 1, false), Layers.batchNorm())).isNotNull();
        assertThat(BatchNormFold.of(Layers.batchNorm(), Layers.conv2d(4, 3, 1, 1, false))).isNull();
        assertThat(BatchNormFold.of(Layers.conv3d(4, 3, 3, 3), Layers.batchNorm())).isNull();
        assertThat(BatchNormFold.of(Layers.conv2d(4, 3, 1, 1, false), Activation.RELU.block())).isNull();
    }
}
