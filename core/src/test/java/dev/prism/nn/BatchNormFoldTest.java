package dev.prism.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelRegistry;
import dev.prism.models.ModelSpec;
import dev.prism.models.StateDict;
import org.junit.jupiter.api.Test;

class BatchNormFoldTest {

    private static float maxDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    private static NDArray infer(Block b, ParameterStore ps, NDArray x) {
        return b.forward(ps, new NDList(x), false).singletonOrThrow();
    }

    /** A few training passes: the BatchNorms get non-trivial running statistics. */
    private static void train(Block b, ParameterStore ps, NDManager m, Shape in, int seed) {
        for (int i = 0; i < 3; i++) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                b.forward(ps, new NDList(m.randomNormal(seed, 2, in, DataType.FLOAT32)), true);
            }
        }
    }

    @Test
    void aFrozenCopyComputesWhatTheNetworkDoesAndStaysFrozenWhileTheOriginalTrains() {
        ModelSpec spec = ModelRegistry.builtIn().get("resnet20");
        ModelOptions o = spec.resolve(ModelOptions.defaults().withClasses(10));
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = spec.create(m, o, 3);
            Shape in = spec.inputShape(o, 4);
            ParameterStore ps = new ParameterStore(m, false);
            train(net, ps, m, in, 1);
            NDArray x = m.randomNormal(in);
            NDArray before = infer(net, ps, x);

            Block frozen = spec.freeze(m, o, net);
            assertThat(BatchNormFold.freeze(frozen)).as("pairs folded (already frozen: the same folds)").isGreaterThan(15);
            assertThat(BatchNormFold.isFrozen(frozen)).isTrue();
            assertThat(BatchNormFold.isFrozen(net)).as("the original is untouched").isFalse();
            assertThat(maxDiff(before, infer(frozen, ps, x))).as("frozen vs the network in inference mode").isLessThan(1e-4f);

            // the original goes on training: its statistics move, the copy's folds do not
            train(net, ps, m, in, 2);
            NDArray after = infer(net, ps, x);
            assertThat(maxDiff(after, before)).as("training changed the network").isGreaterThan(1e-3f);
            assertThat(maxDiff(before, infer(frozen, ps, x))).as("the copy is frozen").isLessThan(1e-4f);
            assertThat(maxDiff(after, infer(spec.freeze(m, o, net), ps, x))).as("freezing again follows").isLessThan(1e-4f);

            assertThatThrownBy(() -> frozen.forward(ps, new NDList(x), true)).hasMessageContaining("frozen inference copy");
            assertThatThrownBy(() -> StateDict.load(frozen, StateDict.extract(net), "weights.safetensors"))
                    .hasMessageStartingWith("weights.safetensors: cannot be loaded into a frozen inference copy");
        }
    }

    @Test
    void onlyAConvolutionFollowedByAChannelBatchNormFolds() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block conv = Layers.conv2d(4, 3, 1, 1, false);
            Block bn = Layers.batchNorm();
            Sequential s = new Sequential();
            s.add(conv);
            s.add(bn);
            s.initialize(m, DataType.FLOAT32, new Shape(1, 2, 5, 5));
            assertThat(BatchNormFold.of(conv, bn)).isNotNull();
            assertThat(BatchNormFold.of(bn, conv)).isNull();
            assertThat(BatchNormFold.of(Layers.conv3d(4, 3, 3, 3), bn)).isNull();
            assertThat(BatchNormFold.of(conv, Activation.RELU.block())).isNull();
        }
    }
}
