package dev.prism.onnx;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelSpec;
import dev.prism.nn.Activation;
import dev.prism.nn.Layers;
import dev.prism.nn.LocalStep;
import dev.prism.nn.PointwiseLinear;
import dev.prism.nn.Residual;
import dev.prism.nn.SpatialGate;
import dev.prism.nn.SqueezeExcite;
import dev.prism.onnx.OnnxGraph.Attr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a Prism network as a standard ONNX model (opset {@value #OPSET}): input {@code input}
 * (batch axis dynamic, named {@code batch}; for image networks, which end in a global pool, also
 * {@code height} and {@code width}), output {@code scores} (the network's scores, (batch,
 * classes): logits, or log-probabilities for the HybridSN family, as the network computes them),
 * the weights as initializers, and metadata (model, options, input contract, class names).
 *
 * <p>Each Prism block maps to ONNX operators one to one: convolutions to {@code Conv}, BatchNorm
 * (inference form) to {@code BatchNormalization} (ONNX Runtime folds it into the convolution when it
 * optimises the graph), linear layers and the squeeze-and-excitation bottleneck to {@code Gemm},
 * ReLU6 to {@code Clip}, hard-sigmoid and hard-swish to their ONNX operators, CBAM's spatial gate to
 * {@code ReduceMax}, {@code ReduceMean}, {@code Concat}, {@code Conv}, {@code Sigmoid}, dropout to
 * nothing. A block with no mapping stops the export with its path named
 * ({@link UnsupportedOperationException}): nothing approximate is ever written.
 */
public final class OnnxExport {

    /** The operator set written: 17 (hard-swish needs 14; ReduceMean's axes are still an attribute). */
    public static final int OPSET = 17;

    private final OnnxGraph g = new OnnxGraph();

    private OnnxExport() {}

    /** A tensor of the graph under construction and its shape at batch 1. */
    private record Value(String name, Shape shape) {}

    /**
     * The ONNX model of {@code block}, a network of {@code spec} with {@code options}, initialised.
     *
     * @param classNames the classes in score order, written into the metadata (may be empty)
     * @param extraMetadata more metadata entries (a run's seed, data checksum, PCA sidecar name)
     * @return the serialised {@code ModelProto}
     * @throws UnsupportedOperationException naming the first block ONNX cannot express
     */
    public static byte[] export(ModelSpec spec, ModelOptions options, Block block, List<String> classNames,
            Map<String, String> extraMetadata) {
        ModelOptions o = spec.resolve(options);
        Shape in = spec.inputShape(o, 1);
        OnnxExport e = new OnnxExport();
        Value out = e.emit(block, new Value("input", in), "");
        String scores = e.g.node("Identity", "scores", List.of(out.name()));
        e.g.graph.setName(spec.name());
        // image networks end in a global pool: any image size their strides allow runs
        e.g.graph.addInput(valueInfo("input", in, spec.task() == ModelSpec.Task.IMAGE ? List.of("batch", "", "height", "width") : List.of("batch")));
        e.g.graph.addOutput(valueInfo(scores, out.shape(), List.of("batch")));
        e.rename(scores, "scores");
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("Prism")
                .setProducerVersion(version())
                .setDomain("dev.prism")
                .setModelVersion(1)
                .setDocString(spec.description() + " (" + spec.paper() + ")")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(e.g.graph);
        meta(m, "model", spec.name());
        meta(m, "options", o.toString());
        meta(m, "input", String.join(",", longs(in.getShape())).replaceFirst("^1", "batch"));
        meta(m, "normalisation", spec.normalisation());
        meta(m, "class_names", new com.google.gson.Gson().toJson(classNames));
        extraMetadata.forEach((k, v) -> meta(m, k, v));
        return m.build().toByteArray();
    }

    private static void meta(ModelProto.Builder m, String key, String value) {
        m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value == null ? "" : value));
    }

    private static List<String> longs(long[] dims) {
        List<String> out = new ArrayList<>();
        for (long d : dims) {
            out.add(Long.toString(d));
        }
        return out;
    }

    private static String version() {
        String v = OnnxExport.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    /** A float tensor's description; axis i is dynamic, named {@code dynamic.get(i)}, where that is given and not empty. */
    private static ValueInfoProto valueInfo(String name, Shape shape, List<String> dynamic) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (int i = 0; i < shape.dimension(); i++) {
            String param = i < dynamic.size() ? dynamic.get(i) : "";
            s.addDim(param.isEmpty() ? TensorShapeProto.Dimension.newBuilder().setDimValue(shape.get(i))
                    : TensorShapeProto.Dimension.newBuilder().setDimParam(param));
        }
        TypeProto.Tensor t = TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(s).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(t)).build();
    }

    /** Renames the last node's output (the graph's output gets the name the contract promises). */
    private void rename(String from, String to) {
        int last = g.graph.getNodeCount() - 1;
        g.graph.setNode(last, g.graph.getNode(last).toBuilder().setOutput(0, to).build());
        g.graph.setOutput(0, g.graph.getOutput(0).toBuilder().setName(to));
    }

    private Value emit(Block b, Value x, String path) {
        if (b instanceof Residual r) {
            return residual(r, x, path);
        }
        if (b instanceof SqueezeExcite se) {
            return squeezeExcite(se, x, path);
        }
        if (b instanceof SpatialGate sg) {
            return spatialGate(sg, x, path);
        }
        if (b instanceof SequentialBlock s) {
            Value v = x;
            for (var child : s.getChildren()) {
                v = emit(child.getValue(), v, join(path, child.getKey()));
            }
            return v;
        }
        if (b instanceof Convolution c) {
            return new Value(conv(c, x.name(), path), out(b, x));
        }
        if (b instanceof BatchNorm bn) {
            return new Value(batchNorm(bn, x.name(), path), x.shape());
        }
        if (b instanceof Linear l) {
            Map<String, Parameter> p = paramsOf(l);
            String w = g.weights(path + ".weight", p.get("weight").getArray());
            String bias = g.weights(path + ".bias", p.get("bias").getArray());
            return new Value(g.node("Gemm", path, List.of(x.name(), w, bias), Attr.of("transB", 1L)), out(b, x));
        }
        if (b instanceof Dropout) {
            return x; // inference: the identity
        }
        if (b instanceof LambdaBlock step) {
            return step(step, x, path);
        }
        throw unsupported(b, path);
    }

    private static Map<String, Parameter> paramsOf(Block b) {
        Map<String, Parameter> m = new java.util.LinkedHashMap<>();
        b.getParameters().forEach(p -> m.put(p.getKey(), p.getValue()));
        return m;
    }

    private static Shape out(Block b, Value x) {
        return b.getOutputShapes(new Shape[] {x.shape()})[0];
    }

    private static String join(String path, String name) {
        if (name.isEmpty()) {
            return path;
        }
        String n = name.matches("\\d+[A-Za-z].*") ? name.replaceFirst("^\\d+", "") : name; // DJL prefixes child names with their index
        return path.isEmpty() ? n : path + "." + n;
    }

    private String conv(Convolution c, String x, String path) {
        Map<String, Parameter> p = paramsOf(c);
        List<String> inputs = new ArrayList<>(List.of(x, g.weights(path + ".weight", p.get("weight").getArray())));
        if (c.isIncludeBias()) {
            inputs.add(g.weights(path + ".bias", p.get("bias").getArray()));
        }
        long[] pad = c.getPadding().getShape();
        long[] pads = new long[pad.length * 2];
        for (int i = 0; i < pad.length; i++) {
            pads[i] = pad[i];
            pads[i + pad.length] = pad[i];
        }
        return g.node("Conv", path, inputs, Attr.of("kernel_shape", c.getKernelShape().getShape()),
                Attr.of("strides", c.getStride().getShape()), Attr.of("pads", pads), Attr.of("dilations", c.getDilation().getShape()),
                Attr.of("group", (long) c.getGroups()));
    }

    private String batchNorm(BatchNorm bn, String x, String path) {
        Map<String, Parameter> p = paramsOf(bn);
        return g.node("BatchNormalization", path, List.of(x, g.weights(path + ".weight", p.get("gamma").getArray()),
                g.weights(path + ".bias", p.get("beta").getArray()), g.weights(path + ".running_mean", p.get("runningMean").getArray()),
                g.weights(path + ".running_var", p.get("runningVar").getArray())), Attr.of("epsilon", Layers.epsilon(bn)));
    }

    private Value residual(Residual r, Value x, String path) {
        Value main = emit(r.main(), x, path);
        Value shortcut = r.shortcut() == null ? x : emit(r.shortcut(), x, join(path, "shortcut"));
        String sum = g.node("Add", path, List.of(main.name(), shortcut.name()));
        return new Value(activation(r.post(), sum, path), main.shape());
    }

    /** Global pooling, the bottleneck (shared by both descriptors in CBAM), the gate, and the product with the input. */
    private Value squeezeExcite(SqueezeExcite se, Value x, String path) {
        String w1 = g.weights(path + ".fc1.weight", se.getFc1().matrix());
        String b1 = g.weights(path + ".fc1.bias", se.getFc1().bias());
        String w2 = g.weights(path + ".fc2.weight", se.getFc2().matrix());
        String b2 = g.weights(path + ".fc2.bias", se.getFc2().bias());
        String s = bottleneck(se, g.node("GlobalAveragePool", path, List.of(x.name())), w1, b1, w2, b2, path);
        if (se.getPooling() == SqueezeExcite.Pooling.AVG_AND_MAX) {
            String m = bottleneck(se, g.node("GlobalMaxPool", path, List.of(x.name())), w1, b1, w2, b2, path);
            s = g.node("Add", path, List.of(s, m));
        }
        String gate = activation(se.getGate(), s, path);
        String weights = g.node("Unsqueeze", path, List.of(gate, g.longs(path + ".axes", 2, 3)));
        return new Value(g.node("Mul", path, List.of(x.name(), weights)), x.shape());
    }

    private String bottleneck(SqueezeExcite se, String pooled, String w1, String b1, String w2, String b2, String path) {
        String flat = g.node("Flatten", path, List.of(pooled), Attr.of("axis", 1L));
        String h = g.node("Gemm", path + ".fc1", List.of(flat, w1, b1), Attr.of("transB", 1L));
        h = activation(se.getInner(), h, path);
        return g.node("Gemm", path + ".fc2", List.of(h, w2, b2), Attr.of("transB", 1L));
    }

    private Value spatialGate(SpatialGate sg, Value x, String path) {
        String max = g.node("ReduceMax", path, List.of(x.name()), Attr.of("axes", new long[] {1}), Attr.of("keepdims", 1L));
        String mean = g.node("ReduceMean", path, List.of(x.name()), Attr.of("axes", new long[] {1}), Attr.of("keepdims", 1L));
        String pooled = g.node("Concat", path, List.of(max, mean), Attr.of("axis", 1L));
        String a = batchNorm(sg.bn(), conv(sg.conv(), pooled, path + ".conv"), path + ".bn");
        String gate = g.node("Sigmoid", path, List.of(a));
        return new Value(g.node("Mul", path, List.of(x.name(), gate)), x.shape());
    }

    /** Parameter-free steps, by the name their builders give them. */
    private Value step(LambdaBlock step, Value x, String path) {
        String name = step.getName();
        for (Activation a : Activation.values()) {
            if (step instanceof LocalStep && name.equals(a.name().toLowerCase(Locale.ROOT))) {
                return new Value(activationBeforeReshape(a, x.name(), path), x.shape());
            }
        }
        long[] s = x.shape().getShape();
        switch (name) {
            case "flatten":
                return new Value(g.node("Flatten", path, List.of(x.name()), Attr.of("axis", 1L)), out(step, x));
            case "global_avg_pool":
                return new Value(g.node("Flatten", path, List.of(g.node("GlobalAveragePool", path, List.of(x.name()))),
                        Attr.of("axis", 1L)), new Shape(s[0], s[1]));
            case "bands_as_channels":
                return new Value(g.node("Squeeze", path, List.of(x.name(), g.longs(path + ".axes", 1))), x.shape().slice(0, 1)
                        .addAll(x.shape().slice(2)));
            case "channels_as_bands":
                return new Value(g.node("Unsqueeze", path, List.of(x.name(), g.longs(path + ".axes", 1))),
                        new Shape(s[0], 1).addAll(x.shape().slice(1)));
            case "spectral_to_channels":
                return new Value(g.node("Reshape", path, List.of(x.name(), g.longs(path + ".shape", 0, -1, s[3], s[4]))),
                        new Shape(s[0], s[1] * s[2], s[3], s[4]));
            case "log_softmax":
                return new Value(g.node("LogSoftmax", path, List.of(x.name()), Attr.of("axis", 1L)), x.shape());
            default:
                throw unsupported(step, path);
        }
    }

    /**
     * An activation of a Reshape's output is written before the Reshape instead (element-wise, so
     * the same values). HybridSN's model activates its last 3-D layer after the 3-D to 2-D reshape
     * (see its Javadoc); in this order ONNX Runtime fuses the activation into that convolution, as
     * it does for PyTorch's export of the network.
     */
    private String activationBeforeReshape(Activation a, String x, String path) {
        NodeProto reshape = g.removeLast("Reshape", x);
        if (reshape == null) {
            return activation(a, x, path);
        }
        String activated = activation(a, reshape.getInput(0), path);
        g.graph.addNode(reshape.toBuilder().setInput(0, activated));
        return x;
    }

    private String activation(Activation a, String x, String path) {
        switch (a) {
            case IDENTITY:
                return x;
            case RELU:
                return g.node("Relu", path, List.of(x));
            case RELU6:
                return g.node("Clip", path, List.of(x, g.floats(path + ".min", new float[] {0}, new long[0]),
                        g.floats(path + ".max", new float[] {6}, new long[0])));
            case SIGMOID:
                return g.node("Sigmoid", path, List.of(x));
            case HARD_SIGMOID:
                return g.node("HardSigmoid", path, List.of(x), Attr.of("alpha", 1f / 6), Attr.of("beta", 0.5f));
            case HARD_SWISH:
                return g.node("HardSwish", path, List.of(x));
            case LEAKY_RELU:
                return g.node("LeakyRelu", path, List.of(x), Attr.of("alpha", Activation.LEAKY_SLOPE));
            default:
                throw new AssertionError(a);
        }
    }

    private static UnsupportedOperationException unsupported(Block b, String path) {
        String what = b instanceof LambdaBlock l ? "step '" + l.getName() + "'" : b.getClass().getSimpleName();
        return new UnsupportedOperationException("cannot be expressed in ONNX: " + what + " at '" + (path.isEmpty() ? "(root)" : path)
                + "' has no ONNX mapping in Prism's exporter, so nothing was written");
    }
}
