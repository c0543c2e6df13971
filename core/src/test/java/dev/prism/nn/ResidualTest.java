package dev.prism.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.prism.models.MobileNetV2;
import org.junit.jupiter.api.Test;

class ResidualTest {

    /** torchvision's rule: identity shortcut only when stride is 1 and channels agree. */
    @Test
    void invertedResidualShortcutRule() {
        assertThat(MobileNetV2.invertedResidual(16, 16, 1, 6)).isInstanceOf(Residual.class);
        assertThat(MobileNetV2.invertedResidual(16, 24, 1, 6)).isNotInstanceOf(Residual.class);
        assertThat(MobileNetV2.invertedResidual(16, 16, 2, 6)).isNotInstanceOf(Residual.class);
    }

    /** With the projection BatchNorm zeroed the branch outputs 0 and the block is the identity. */
    @Test
    void residualAddsTheInput() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = MobileNetV2.invertedResidual(8, 8, 1, 6);
            block.initialize(m, DataType.FLOAT32, new Shape(2, 8, 5, 5));
            var params = TorchNames.of(block);
            params.get("conv.3.weight").getArray().set(new float[8]);
            params.get("conv.3.bias").getArray().set(new float[8]);
            NDArray x = m.randomNormal(new Shape(2, 8, 5, 5));
            NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            assertThat(y.toFloatArray()).containsExactly(x.toFloatArray());
        }
    }
}
