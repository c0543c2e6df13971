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

class MemoryFormatTest {

    /** libtorch's {@code is_contiguous()}, which DJL does not expose publicly. */
    private static boolean isContiguous(NDArray x) throws Exception {
        Class<?> lib = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
        Field f = lib.getDeclaredField("LIB");
        f.setAccessible(true);
        Method m = lib.getDeclaredMethod("torchIsContiguous", long.class);
        m.setAccessible(true);
        return (boolean) m.invoke(f.get(null), ((PtNDArray) x).getHandle());
    }

    @Test
    void channelsLastKeepsShapeAndValuesButPutsChannelsInnermost() throws Exception {
        dev.prism.EngineAssumptions.assumeChannelsLastImages(); // it runs a channels-last convolution
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

    /** A part of a larger array (a micro-batch of a batch) gives the input its copy would give, in both formats. */
    @Test
    void anInputFromPartOfAnArrayIsThatPart() {
        float[] batch = new float[5 * 2 * 3 * 4];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = i * 0.5f - 7;
        }
        Shape two = new Shape(2, 2, 3, 4);
        int offset = 2 * 24;
        float[] part = java.util.Arrays.copyOfRange(batch, offset, offset + 2 * 24);
        try (NDManager m = NDManager.newBaseManager()) {
            for (MemoryFormat f : MemoryFormat.values()) {
                NDArray fromPart = f.create(m, batch, offset, two);
                assertThat(fromPart.getShape()).isEqualTo(two);
                assertThat(fromPart.toFloatArray()).as(f.label()).containsExactly(f.create(m, part, two).toFloatArray());
                assertThat(fromPart.toFloatArray()[0]).isEqualTo(batch[offset]);
            }
        }
    }

    @Test
    void parsesNamesAndRefusesOthers() {
        assertThat(MemoryFormat.parse("channels_last")).isEqualTo(MemoryFormat.CHANNELS_LAST);
        assertThat(MemoryFormat.parse(" Contiguous ")).isEqualTo(MemoryFormat.CONTIGUOUS);
        assertThatThrownBy(() -> MemoryFormat.parse("nhwc"))
                .hasMessage("memory format must be contiguous or channels-last, got 'nhwc'");
    }
}
