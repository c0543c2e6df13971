package dev.prism.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.prism.io.Tensor;
import dev.prism.models.StateDict;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint goes to its file one tensor at a time from the engine's memory: what the JVM
 * allocates to write it does not grow with the network (each epoch's checkpoint used to copy the
 * whole state twice onto the heap, which grew the training process by hundreds of MB), and it
 * reads back exactly.
 */
class CheckpointTest {

    private static final int WIDTH = 1024;
    private static final int LAYERS = 4;

    @TempDir
    Path dir;

    @Test
    void aCheckpointIsWrittenWithoutCopyingTheStateOntoTheHeapAndReadsBackExactly() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = network(m);
            Updater adam = Updater.adam(0).create(TrainingLoop.trainable(block), m);
            step(block, adam, m);
            Checkpoint.LoopState state = new Checkpoint.LoopState(1, 1, List.of(), 0.5, 1, 0);
            Path file = dir.resolve("last.safetensors");
            Checkpoint.save(file, block, adam, state); // warms up the code
            long before = allocated();
            Checkpoint.save(file, block, adam, state);
            long bytes = allocated() - before;
            long stateBytes = 3L * LAYERS * (WIDTH * WIDTH + WIDTH) * Float.BYTES; // weights, Adam's two moments
            assertThat(bytes).as("bytes allocated on the heap to write a checkpoint of " + stateBytes + " bytes").isLessThan(stateBytes / 20);

            Block other = network(m);
            Updater restored = Updater.adam(0).create(TrainingLoop.trainable(other), m);
            assertThat(Checkpoint.load(file, other, restored)).isEqualTo(state);
            assertEqual(StateDict.extract(other), StateDict.extract(block));
            assertEqual(restored.stateTensors(), adam.stateTensors());
            assertThat(restored.steps()).isEqualTo(1);
        }
    }

    private static Block network(NDManager m) {
        SequentialBlock b = new SequentialBlock();
        for (int i = 0; i < LAYERS; i++) {
            b.add(Linear.builder().setUnits(WIDTH).build());
        }
        b.initialize(m, DataType.FLOAT32, new Shape(2, WIDTH));
        return b;
    }

    private static void step(Block block, Updater adam, NDManager m) {
        try (NDManager scope = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList out = block.forward(new ParameterStore(scope, false), new NDList(scope.randomNormal(new Shape(2, WIDTH))), true);
            gc.backward(out.singletonOrThrow().square().sum());
        }
        adam.step(0.01, 0);
    }

    private static void assertEqual(Map<String, Tensor> got, Map<String, Tensor> expected) {
        assertThat(got.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((k, t) -> {
            assertThat(got.get(k).shape()).as(k).containsExactly(t.shape());
            // not containsExactly: its diff of a million floats takes minutes
            assertThat(java.util.Arrays.mismatch(got.get(k).data(), t.data())).as(k + ": first differing value").isEqualTo(-1);
        });
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
