package dev.prism.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;

/**
 * What a block may write into an ONNX graph when it exports itself ({@link OnnxForm}): nodes,
 * initializers, its children and activations. Implemented by Prism's exporter
 * ({@code dev.prism.onnx.OnnxExport}), so that blocks carry their ONNX form without depending on
 * the ONNX schema.
 */
public interface OnnxWriter {

    /** A tensor of the graph under construction and its shape at batch 1. */
    record Value(String name, Shape shape) {}

    /** One node attribute: a long, a float, or a long array. */
    record Attribute(String name, Object value) {
        /** An integer attribute. */
        public static Attribute of(String name, long value) {
            return new Attribute(name, value);
        }

        /** A float attribute. */
        public static Attribute of(String name, float value) {
            return new Attribute(name, value);
        }

        /** A list-of-integers attribute. */
        public static Attribute of(String name, long... values) {
            return new Attribute(name, values.clone());
        }
    }

    /** Adds node {@code op} on {@code inputs}, named after {@code path}; returns its output's name. */
    String node(String op, String path, List<String> inputs, Attribute... attributes);

    /** A float32 initializer holding {@code a}'s values. */
    String weights(String hint, NDArray a);

    /** A float32 initializer of {@code shape}. */
    String floats(String hint, float[] values, long[] shape);

    /** An int64 initializer of one dimension (axes, a shape). */
    String longs(String hint, long... values);

    /** Writes {@code child} (any exportable block) on {@code x}. */
    Value emit(Block child, Value x, String path);

    /** {@code a} applied to {@code x} (for an activation of a reshape, written before the reshape, where ONNX Runtime fuses it). */
    String activation(Activation a, String x, String path);

    /** The path of a child named {@code child} under {@code path}, PyTorch-style. */
    String join(String path, String child);
}
