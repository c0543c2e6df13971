package dev.prism.onnx;

import ai.djl.ndarray.NDArray;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX graph under construction: nodes with generated output names, and initializers (weights
 * and constant shapes) stored little-endian in raw form, as the ONNX specification requires. The
 * protobuf classes are ONNX's own schema ({@code ai.onnx.proto.OnnxMl}).
 */
final class OnnxGraph {

    /** One attribute of a node. */
    record Attr(String name, AttributeProto proto) {
        static Attr of(String name, long value) {
            return new Attr(name, AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build());
        }

        static Attr of(String name, float value) {
            return new Attr(name, AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build());
        }

        static Attr of(String name, long... values) {
            AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
            for (long v : values) {
                b.addInts(v);
            }
            return new Attr(name, b.build());
        }
    }

    final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, Integer> used = new HashMap<>();

    /** A name not used before, from {@code hint} (a PyTorch-style path such as {@code features.3.conv.0.0}). */
    String fresh(String hint) {
        String base = hint.isEmpty() ? "t" : hint;
        int n = used.merge(base, 1, Integer::sum);
        return n == 1 ? base : base + "_" + n;
    }

    /** Adds node {@code op} on {@code inputs}; returns its (single) output's name. */
    String node(String op, String hint, List<String> inputs, Attr... attrs) {
        String out = fresh(hint + "/" + op);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addAllInput(inputs).addOutput(out);
        for (Attr a : attrs) {
            n.addAttribute(a.proto());
        }
        graph.addNode(n);
        return out;
    }

    /** Removes and returns the last node if it is an {@code op} producing {@code output}; otherwise null. */
    NodeProto removeLast(String op, String output) {
        int last = graph.getNodeCount() - 1;
        if (last < 0 || !graph.getNode(last).getOpType().equals(op) || !graph.getNode(last).getOutput(0).equals(output)) {
            return null;
        }
        NodeProto n = graph.getNode(last);
        graph.removeNode(last);
        return n;
    }

    /** A float32 initializer holding {@code a}'s values (row-major) under a fresh name from {@code hint}. */
    String weights(String hint, NDArray a) {
        return floats(hint, a.toFloatArray(), a.getShape().getShape());
    }

    /** A float32 initializer of {@code shape}. */
    String floats(String hint, float[] values, long[] shape) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return initializer(hint, TensorProto.DataType.FLOAT, shape, buf);
    }

    /** An int64 initializer (a shape, axes) of one dimension. */
    String longs(String hint, long... values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        return initializer(hint, TensorProto.DataType.INT64, new long[] {values.length}, buf);
    }

    private String initializer(String hint, TensorProto.DataType type, long[] shape, ByteBuffer data) {
        String name = fresh(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber()).setRawData(ByteString.copyFrom(data.array()));
        for (long d : shape) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }
}
