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
import dev.prism.nn.OnnxForm;
import dev.prism.nn.OnnxWriter;
import dev.prism.onnx.OnnxGraph.Attr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a Prism network as a standard ONNX model (opset {@value #OPSET}): input {@code input}
 * (batch axis dynamic, named {@code batch}; for image networks, which end in a global pool, also
 * {@code height} and {@code width}), output {@code scores} (the network's scores, (batch,
 * classes): logits, or log-probabilities for the HybridSN family, as the network computes them),
 * the weights as initializers, and metadata (model, options, input contract, class names).
 *
 * <p>Each of Prism's blocks writes itself ({@link OnnxForm}, through this class as its
 * {@link OnnxWriter}); DJL's own blocks are mapped in one table. Nothing is dispatched on a
 * block's name, so a new block brings its export with it. The operators, one to one: convolutions to {@code Conv}, BatchNorm
 * (inference form) to {@code BatchNormalization} (ONNX Runtime folds it into the convolution when it
 * optimises the graph), linear layers and the squeeze-and-excitation bottleneck to {@code Gemm},
 * ReLU6 to {@code Clip}, hard-sigmoid and hard-swish to their ONNX operators, CBAM's spatial gate to
 * {@code ReduceMax}, {@code ReduceMean}, {@code Concat}, {@code Conv}, {@code Sigmoid}, dropout to
 * nothing. A block with no mapping stops the export with its path named
 * ({@link UnsupportedOperationException}): nothing approximate is ever written.
 */
public final class OnnxExport implements OnnxWriter {

    /** The operator set written: 17 (hard-swish needs 14; ReduceMean's axes are still an attribute). */
    public static final int OPSET = 17;

    private final OnnxGraph g = new OnnxGraph();

    private OnnxExport() {}

    /** How one of DJL's own blocks is written (Prism's blocks carry their own {@link OnnxForm}). */
    @FunctionalInterface
    private interface DjlForm {
        Value write(OnnxExport e, Block b, Value x, String path);
    }

    /** DJL's blocks that Prism's networks use, in one table: the only classes the exporter knows by type. */
    private static final Map<Class<? extends Block>, DjlForm> DJL_FORMS = djlForms();

    private static Map<Class<? extends Block>, DjlForm> djlForms() {
        Map<Class<? extends Block>, DjlForm> m = new java.util.LinkedHashMap<>();
        m.put(SequentialBlock.class, (e, b, x, path) -> {
            Value v = x;
            for (var child : b.getChildren()) {
                v = e.emit(child.getValue(), v, e.join(path, child.getKey()));
            }
            return v;
        });
        m.put(Convolution.class, (e, b, x, path) -> new Value(e.conv((Convolution) b, x.name(), path), out(b, x)));
        m.put(BatchNorm.class, (e, b, x, path) -> new Value(e.batchNorm((BatchNorm) b, x.name(), path), x.shape()));
        m.put(Linear.class, (e, b, x, path) -> {
            Map<String, Parameter> p = paramsOf(b);
            String w = e.weights(path + ".weight", p.get("weight").getArray());
            String bias = e.weights(path + ".bias", p.get("bias").getArray());
            return new Value(e.node("Gemm", path, List.of(x.name(), w, bias), Attribute.of("transB", 1L)), out(b, x));
        });
        m.put(Dropout.class, (e, b, x, path) -> x); // inference: the identity
        return m;
    }

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

    /** A block by its own {@link OnnxForm}, else by the table of DJL's blocks; anything else is refused, its path named. */
    @Override
    public Value emit(Block b, Value x, String path) {
        if (b instanceof OnnxForm form) {
            return form.writeOnnx(this, x, path);
        }
        for (Map.Entry<Class<? extends Block>, DjlForm> e : DJL_FORMS.entrySet()) {
            if (e.getKey().isInstance(b)) {
                return e.getValue().write(this, b, x, path);
            }
        }
        throw unsupported(b, path);
    }

    @Override
    public String node(String op, String path, List<String> inputs, Attribute... attributes) {
        Attr[] attrs = new Attr[attributes.length];
        for (int i = 0; i < attrs.length; i++) {
            attrs[i] = attr(attributes[i]);
        }
        return g.node(op, path, inputs, attrs);
    }

    private static Attr attr(Attribute a) {
        if (a.value() instanceof Long l) {
            return Attr.of(a.name(), (long) l);
        }
        if (a.value() instanceof Float f) {
            return Attr.of(a.name(), (float) f);
        }
        return Attr.of(a.name(), (long[]) a.value());
    }

    @Override
    public String weights(String hint, ai.djl.ndarray.NDArray a) {
        return g.weights(hint, a);
    }

    @Override
    public String floats(String hint, float[] values, long[] shape) {
        return g.floats(hint, values, shape);
    }

    @Override
    public String longs(String hint, long... values) {
        return g.longs(hint, values);
    }

    private static Map<String, Parameter> paramsOf(Block b) {
        Map<String, Parameter> m = new java.util.LinkedHashMap<>();
        b.getParameters().forEach(p -> m.put(p.getKey(), p.getValue()));
        return m;
    }

    private static Shape out(Block b, Value x) {
        return b.getOutputShapes(new Shape[] {x.shape()})[0];
    }

    @Override
    public String join(String path, String name) {
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

    /**
     * An activation of a Reshape's output is written before the Reshape instead (element-wise, so
     * the same values). HybridSN's model activates its last 3-D layer after the 3-D to 2-D reshape
     * (see its Javadoc); in this order ONNX Runtime fuses the activation into that convolution, as
     * it does for PyTorch's export of the network.
     */
    @Override
    public String activation(Activation a, String x, String path) {
        NodeProto reshape = g.removeLast("Reshape", x);
        if (reshape == null) {
            return activationNode(a, x, path);
        }
        String activated = activationNode(a, reshape.getInput(0), path);
        g.graph.addNode(reshape.toBuilder().setInput(0, activated));
        return x;
    }

    private String activationNode(Activation a, String x, String path) {
        return a.writeOnnx(this, x, path);
    }

    private static UnsupportedOperationException unsupported(Block b, String path) {
        String what = b instanceof LambdaBlock l ? "step '" + l.getName() + "'" : b.getClass().getSimpleName();
        return new UnsupportedOperationException("cannot be expressed in ONNX: " + what + " at '" + (path.isEmpty() ? "(root)" : path)
                + "' has no ONNX mapping in Prism's exporter, so nothing was written");
    }
}
