package dev.prism.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequentialTest {

    private static final Shape IN = new Shape(2, 3, 8, 8);

    /** A plain DJL SequentialBlock and Prism's Sequential over the same (shared) children, initialised. */
    private record Both(SequentialBlock plain, Sequential eager) {
        static Both of(List<Block> children, NDManager m) {
            SequentialBlock plain = new SequentialBlock();
            Sequential eager = new Sequential();
            children.forEach(plain::add);
            children.forEach(eager::add);
            Engine.getInstance().setRandomSeed(5);
            eager.initialize(m, DataType.FLOAT32, IN);
            return new Both(plain, eager);
        }
    }

    /** conv, BN, ReLU, a step that returns its input object unchanged, conv, ReLU. */
    private static List<Block> children() {
        return List.of(Layers.conv2d(6, 3, 1, 1, false), Layers.batchNorm(), Activation.RELU.block(),
                LambdaBlock.singleton(x -> x, "same-object"), Layers.conv2d(4, 3, 2, 1, false), Activation.RELU.block());
    }

    @Test
    void sameValuesAndGradientsAsSequentialBlockWithOnlyInputAndOutputLeftAlive() {
        List<Block> shared = children();
        try (NDManager m = NDManager.newBaseManager()) {
            Both both = Both.of(shared, m);
            SequentialBlock plain = both.plain();
            Sequential eager = both.eager();
            NDArray x = m.randomNormal(IN);
            ParameterStore ps = new ParameterStore(m, false);
            for (boolean training : new boolean[] {false, true}) {
                float[][] outs = new float[2][];
                float[][] grads = new float[2][];
                int[] alive = new int[2];
                int k = 0;
                for (SequentialBlock net : List.of(plain, eager)) {
                    try (NDManager step = m.newSubManager()) {
                        NDArray input = x.duplicate();
                        input.attach(step);
                        NDArray out;
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            out = net.forward(ps, new NDList(input), training).singletonOrThrow();
                            alive[k] = ((BaseNDManager) step).getManagedArrays().size();
                            if (training) {
                                gc.backward(out.sum());
                            }
                        }
                        outs[k] = out.toFloatArray();
                        assertThat(input.toFloatArray()).as("the caller's input survives").containsExactly(x.toFloatArray());
                        Parameter w = shared.get(0).getParameters().get("weight");
                        grads[k] = training ? w.getArray().getGradient().toFloatArray() : new float[0];
                        if (training) {
                            eager.getParameters().values().stream().filter(Parameter::requiresGradient)
                                    .forEach(p -> p.getArray().getGradient().muli(0));
                        }
                    }
                    k++;
                }
                // at inference Sequential folds each BatchNorm into its convolution: equal up to rounding (BatchNormFoldTest)
                assertThat(outs[1]).as("training=%s", training).containsExactly(outs[0], org.assertj.core.data.Offset.offset(training ? 0f : 1e-5f));
                assertThat(grads[1]).as("first conv's gradient").containsExactly(grads[0]);
                assertThat(alive[1]).as("arrays left in the step's manager: input and output").isEqualTo(2);
                assertThat(alive[0]).as("a plain SequentialBlock keeps every intermediate").isGreaterThan(4);
            }
        }
    }

    @Test
    void inferenceActivationsOverwriteOnlyFreshResultsAndOnlyWithoutAutograd() {
        dev.prism.EngineAssumptions.assumeNativeOps();
        int[] inPlace = {0};
        java.util.function.Supplier<Block> relu = () -> new LocalStep(Activation.RELU::apply, x -> {
            inPlace[0]++;
            return TorchOps.applyInPlace(Activation.RELU, x);
        }, "relu", (w, x, path) -> x);
        // relu on the caller's input (borrowed), conv, relu (fresh: in place), a step returning its
        // input object, relu (not fresh: a new tensor), conv
        List<Block> shared = List.of(relu.get(), Layers.conv2d(6, 3, 1, 1, false), relu.get(),
                LambdaBlock.singleton(x -> x, "same-object"), relu.get(), Layers.conv2d(4, 3, 2, 1, false));
        try (NDManager m = NDManager.newBaseManager()) {
            Both both = Both.of(shared, m);
            SequentialBlock plain = both.plain();
            Sequential eager = both.eager();
            NDArray x = m.randomNormal(IN);
            float[] before = x.toFloatArray();
            ParameterStore ps = new ParameterStore(m, false);
            float[] expected = plain.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            inPlace[0] = 0;
            float[] got = eager.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            assertThat(got).containsExactly(expected);
            assertThat(x.toFloatArray()).as("the caller's input is never overwritten").containsExactly(before);
            assertThat(inPlace[0]).as("only the relu right after the convolution runs in place").isEqualTo(1);

            inPlace[0] = 0;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                eager.forward(ps, new NDList(x), false);
            }
            eager.forward(ps, new NDList(x), true);
            assertThat(inPlace[0]).as("nothing in place while autograd records or in training").isZero();
        }
    }
}
