package dev.prism.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.prism.io.Tensor;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelRegistry;
import dev.prism.models.ModelSpec;
import dev.prism.models.StateDict;
import dev.prism.nn.Chain;
import dev.prism.parity.GoldenFixture;
import dev.prism.parity.GoldenFixtures;
import dev.prism.parity.ParityCheck;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every zoo model, with a golden fixture's weights, exported to ONNX and run in ONNX Runtime: its
 * scores equal Prism's own (and so PyTorch's) on the fixture's input, for the whole batch and for a
 * batch of one (the batch axis is dynamic).
 */
class OnnxExportTest {

    static Stream<Path> fixtures() {
        return GoldenFixtures.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void runsInOnnxRuntimeAndMatchesPrism(Path file) throws Exception {
        GoldenFixture fx = GoldenFixture.read(file);
        ParityCheck.Target target = ParityCheck.target(fx);
        ModelSpec spec = ModelRegistry.builtIn().get(target.registryName());
        ModelOptions options = spec.resolve(target.options().withDropout(0));
        Shape in = new Shape(fx.input().shape());
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = spec.build(options);
            block.initialize(manager, DataType.FLOAT32, in);
            Map<String, Tensor> weights = new LinkedHashMap<>();
            fx.params().forEach(p -> weights.put(p.name(), new Tensor(p.shape(), p.rule().values())));
            StateDict.load(block, weights, fx.model());
            float[] x = fx.input().values();
            float[] prism = block.forward(new ParameterStore(manager, false), new NDList(manager.create(x, in)), false)
                    .singletonOrThrow().toFloatArray();

            byte[] onnx = OnnxExport.export(spec, options, block, List.of(), Map.of("seed", "7"));
            assertThat(activationsOfReshapes(onnx)).as("activations ONNX Runtime cannot fuse into the layer before").isEmpty();
            try (OnnxRuntimeModel ort = new OnnxRuntimeModel(onnx, 2)) {
                float[] scores = ort.run(x, in.getShape());
                double vsPrism = ParityCheck.relativeError(scores, toDouble(prism, fx.eval_output()[0].length));
                double vsPyTorch = ParityCheck.relativeError(scores, fx.eval_output());
                System.out.printf("ONNX %-20s vs Prism %.2e, vs PyTorch %.2e (%d KiB)%n", fx.model(), vsPrism, vsPyTorch, onnx.length / 1024);
                assertThat(vsPrism).as("ONNX Runtime against Prism").isLessThanOrEqualTo(1e-4);
                assertThat(vsPyTorch).as("ONNX Runtime against PyTorch").isLessThanOrEqualTo(ParityCheck.OUTPUT_TOLERANCE);

                long[] one = in.getShape().clone();
                one[0] = 1;
                float[] first = ort.run(Arrays.copyOf(x, (int) (x.length / in.get(0))), one);
                assertThat(ParityCheck.relativeError(first, new double[][] {fx.eval_output()[0]})).as("batch of one")
                        .isLessThanOrEqualTo(ParityCheck.OUTPUT_TOLERANCE);
                assertThat(ort.metadata()).containsEntry("model", spec.name()).containsEntry("seed", "7").containsKey("class_names");
            }
        }
    }

    /** Activation nodes whose input comes from a Reshape (ONNX Runtime fuses an activation only into the node it follows). */
    private static List<String> activationsOfReshapes(byte[] onnx) throws Exception {
        List<NodeProto> nodes = ModelProto.parseFrom(onnx).getGraph().getNodeList();
        Map<String, String> producer = new HashMap<>();
        nodes.forEach(n -> n.getOutputList().forEach(o -> producer.put(o, n.getOpType())));
        Set<String> activations = Set.of("Relu", "Clip", "LeakyRelu", "Sigmoid", "HardSigmoid", "HardSwish");
        return nodes.stream().filter(n -> activations.contains(n.getOpType()) && "Reshape".equals(producer.get(n.getInput(0))))
                .map(NodeProto::getName).toList();
    }

    private static double[][] toDouble(float[] flat, int cols) {
        double[][] out = new double[flat.length / cols][cols];
        for (int i = 0; i < flat.length; i++) {
            out[i / cols][i % cols] = flat[i];
        }
        return out;
    }

    @Test
    void aBlockWithoutAnOnnxMappingIsRefusedByPath() {
        ModelSpec spec = ModelRegistry.builtIn().get("cnn2d");
        ModelOptions o = ModelOptions.defaults().withClasses(3).withBands(4).withWindow(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            Chain net = new Chain();
            net.add("odd", new LambdaBlock(l -> new NDList(l.singletonOrThrow().exp()), "exp"));
            net.initialize(manager, DataType.FLOAT32, spec.inputShape(o, 1));
            assertThatThrownBy(() -> OnnxExport.export(spec, o, net, List.of(), Map.of()))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("cannot be expressed in ONNX: step 'exp' at 'odd' has no ONNX mapping in Prism's exporter, so nothing was written");
        }
    }

    /**
     * A block the exporter has never heard of exports by its own form: a step (here x times its
     * own sigmoid, SiLU) with its ONNX nodes given where it is made, run in ONNX Runtime, equal to
     * Prism's values. Nothing in the exporter names it.
     */
    @Test
    void aNewBlockBringsItsOwnOnnxForm() throws Exception {
        ModelSpec spec = ModelRegistry.builtIn().get("cnn2d");
        ModelOptions o = ModelOptions.defaults().withClasses(3).withBands(4).withWindow(3);
        dev.prism.nn.LocalStep silu = new dev.prism.nn.LocalStep(x -> x.mul(ai.djl.nn.Activation.sigmoid(x)), "silu_for_test",
                (w, x, path) -> new dev.prism.nn.OnnxWriter.Value(w.node("Mul", path, List.of(x.name(),
                        w.node("Sigmoid", path, List.of(x.name())))), x.shape()));
        try (NDManager manager = NDManager.newBaseManager()) {
            Chain net = new Chain();
            net.add("conv", dev.prism.nn.Layers.conv3d(2, 3, 3, 3)).add("silu", silu).addStep(dev.prism.nn.Layers.flatten())
                    .add("fc", dev.prism.nn.Layers.linear(3));
            Shape in = spec.inputShape(o, 2);
            net.initialize(manager, DataType.FLOAT32, in);
            float[] x = new float[(int) in.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.sin(i);
            }
            float[] prism = net.forward(new ParameterStore(manager, false), new NDList(manager.create(x, in)), false).singletonOrThrow()
                    .toFloatArray();
            byte[] onnx = OnnxExport.export(spec, o, net, List.of(), Map.of());
            try (OnnxRuntimeModel ort = new OnnxRuntimeModel(onnx, 2)) {
                assertThat(ParityCheck.relativeError(ort.run(x, in.getShape()), toDouble(prism, 3))).isLessThanOrEqualTo(1e-5);
            }
        }
    }
}
