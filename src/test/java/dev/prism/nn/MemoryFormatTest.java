package dev.prism.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

public class MemoryFormatTest {

    /** libtorch's {@code is_contiguous()}, which DJL does not expose publicly. */
    public static boolean isContiguous(NDArray x) throws Exception {
        Class<?> lib = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
        Field f = lib.getDeclaredField("LIB");
        f.setAccessible(true);
        Method m = lib.getDeclaredMethod("torchIsContiguous", long.class);
        m.setAccessible(true);
        return (boolean) m.invoke(f.get(null), ((PtNDArray) x).getHandle());
    }

    @Test
    void channelsLastKeepsShapeAndValuesButPutsChannelsInnermost() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            for (Shape shape : new Shape[] {new Shape(2, 3, 4, 5), new Shape(2, 3, 4, 5, 6)}) {
                NDArray x = m.arange((int) shape.size()).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).reshape(shape);
                NDArray y = MemoryFormat.CHANNELS_LAST.apply(x);
                assertThat(y.getShape()).isEqualTo(shape);
                assertThat(y.toFloatArray()).containsExactly(x.toFloatArray());
                assertThat(isContiguous(x)).isTrue();
                assertThat(isContiguous(y)).as("channels-last copy of %s", shape).isFalse();
                // a convolution keeps the layout and gives the same numbers
                if (shape.dimension() == 4) {
                    NDArray w = m.randomNormal(new Shape(4, 3, 3, 3));
                    NDArray convPlain = ai.djl.nn.convolutional.Conv2d.conv2d(x, w).singletonOrThrow();
                    NDArray convLast = ai.djl.nn.convolutional.Conv2d.conv2d(y, w).singletonOrThrow();
                    assertThat(isContiguous(convLast)).isFalse();
                    float[] p = convPlain.toFloatArray();
                    float[] q = convLast.toFloatArray();
                    for (int i = 0; i < p.length; i++) {
                        assertThat(q[i]).isCloseTo(p[i], org.assertj.core.data.Offset.offset(1e-3f * (1 + Math.abs(p[i]))));
                    }
                }
            }
            NDArray flat = m.ones(new Shape(2, 3));
            assertThat(MemoryFormat.CHANNELS_LAST.apply(flat)).isSameAs(flat);
            NDArray four = m.ones(new Shape(1, 2, 2, 2));
            assertThat(MemoryFormat.CONTIGUOUS.apply(four)).isSameAs(four);
        }
    }

    @Test
    void parsesNamesAndRefusesOthers() {
        assertThat(MemoryFormat.parse("channels_last")).isEqualTo(MemoryFormat.CHANNELS_LAST);
        assertThat(MemoryFormat.parse(" Contiguous ")).isEqualTo(MemoryFormat.CONTIGUOUS);
        assertThatThrownBy(() -> MemoryFormat.parse("nhwc"))
                .hasMessage("memory format must be contiguous or channels-last, got 'nhwc'");
    }

    @Test
    void convolutionWeightsAreCreatedLoadedAndGivenOptimizerStateInTheInputsLayout() throws Exception {
        assertThat(MemoryFormat.INPUTS).as("the default this test is about").isEqualTo(MemoryFormat.CHANNELS_LAST);
        try (NDManager m = NDManager.newBaseManager()) {
            ai.djl.training.initializer.Initializer init = MemoryFormat.INPUTS.initializer(
                    (manager, shape, type) -> manager.arange((int) shape.size()).toType(type, false).reshape(shape));
            NDArray w = init.initialize(m, new Shape(4, 3, 2, 2), ai.djl.ndarray.types.DataType.FLOAT32);
            NDArray bias = init.initialize(m, new Shape(4), ai.djl.ndarray.types.DataType.FLOAT32);
            NDArray w3d = init.initialize(m, new Shape(2, 1, 3, 2, 2), ai.djl.ndarray.types.DataType.FLOAT32);
            assertThat(isContiguous(w)).as("4-D weight in channels-last").isFalse();
            assertThat(isContiguous(bias)).isTrue();
            assertThat(isContiguous(w3d)).as("5-D weights are left alone").isTrue();
            float[] expected = new float[48];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = i;
            }
            assertThat(w.toFloatArray()).as("the initializer's values, in logical order").containsExactly(expected);

            float[] loaded = new float[48];
            for (int i = 0; i < loaded.length; i++) {
                loaded[i] = 100 - i;
            }
            MemoryFormat.copyInto(w, loaded);
            assertThat(w.toFloatArray()).containsExactly(loaded);
            assertThat(isContiguous(w)).as("loading keeps the layout (DJL's set(Buffer) would not)").isFalse();

            NDArray state = MemoryFormat.INPUTS.zerosFor(m, w);
            assertThat(state.getShape()).isEqualTo(w.getShape());
            assertThat(isContiguous(state)).isFalse();
            assertThat(state.toFloatArray()).containsOnly(0f);
            assertThat(isContiguous(MemoryFormat.INPUTS.zerosFor(m, bias))).isTrue();
        }
    }
}
