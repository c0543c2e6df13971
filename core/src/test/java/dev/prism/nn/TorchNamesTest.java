package dev.prism.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import org.junit.jupiter.api.Test;

class TorchNamesTest {

    @Test
    void sequentialIsIndexedChainIsNamedEmptyNameIsTransparent() {
        SequentialBlock seq = new SequentialBlock().add(Layers.conv2d(4, 3, 1, 1, false)).add(Activation.RELU.block())
                .add(Layers.batchNorm());
        Chain inner = new Chain().add("fc", Layers.linear(3));
        Chain root = new Chain().add("features", seq).addStep(Layers.flatten()).add("", inner);
        try (NDManager m = NDManager.newBaseManager()) {
            root.initialize(m, DataType.FLOAT32, new Shape(1, 2, 5, 5));
            assertThat(TorchNames.of(root).keySet()).containsExactly(
                    "features.0.weight",
                    "features.2.weight", "features.2.bias", "features.2.running_mean", "features.2.running_var",
                    "fc.weight", "fc.bias");
            assertThat(TorchNames.modules(root).keySet()).containsExactly("features.0", "features.2", "fc");
        }
    }
}
