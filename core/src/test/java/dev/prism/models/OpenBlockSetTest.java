package dev.prism.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.prism.cost.ModelSummary;
import dev.prism.nn.Activation;
import dev.prism.nn.Attention;
import dev.prism.nn.Gate;
import dev.prism.nn.Layers;
import dev.prism.nn.OnnxForm;
import dev.prism.nn.OnnxWriter;
import dev.prism.onnx.OnnxExport;
import dev.prism.onnx.OnnxRuntimeModel;
import dev.prism.parity.ParityCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A contributor's view of the zoo: a new attention block and two new networks using it, written
 * here and nowhere else in Prism (this file, a registry line each), are built, counted and
 * exported to ONNX, whose scores in ONNX Runtime equal Prism's. Nothing in Prism's main sources
 * names them, so adding such a network touches one file and the registry.
 */
class OpenBlockSetTest {

    /** A parameter-free channel gate: sigmoid of each channel's mean. Its ONNX form comes with it. */
    static final class MeanGate extends Gate implements OnnxForm {

        @Override
        public NDArray weights(ParameterStore ps, NDArray x, boolean training) {
            return Activation.SIGMOID.apply(Layers.globalAvgPool(x)).reshape(x.getShape().get(0), x.getShape().get(1), 1, 1);
        }

        @Override
        public OnnxWriter.Value writeOnnx(OnnxWriter w, OnnxWriter.Value x, String path) {
            String gate = w.node("Sigmoid", path, List.of(w.node("GlobalAveragePool", path, List.of(x.name()))));
            return new OnnxWriter.Value(w.node("Mul", path, List.of(x.name(), gate)), x.shape());
        }
    }

    static ModelRegistry registryWithTheNewNetworks() {
        ModelRegistry r = ModelRegistry.builtIn();
        Attention gate = new Attention("mean_gate", c -> new MeanGate());
        r.register(new ModelSpec("mean-gate-resnet20", ModelSpec.Task.IMAGE, "ResNet-20 with a mean gate on each residual branch",
                "(test)", 32, 4, "RGB", o -> CifarResNet.builder(CifarResNet.RESNET20).setClasses(o.classes()).optAttention(gate).build()));
        r.register(new ModelSpec("hybridsn-mean-gate", ModelSpec.Task.HSI, "HybridSN with a mean gate on its 2-D maps", "(test)", 0, 0,
                "PCA", o -> HybridSN.builder().setBands(o.bands()).setWindow(o.window()).setClasses(o.classes()).optAttention(gate).build()));
        return r;
    }

    @Test
    void aNewAttentionBlockAndItsNetworksExportAndMatchInOnnxRuntime() throws Exception {
        ModelRegistry r = registryWithTheNewNetworks();
        check(r.get("mean-gate-resnet20"), ModelOptions.defaults().withClasses(10).withInputSize(32), 10, "resnet20");
        check(r.get("hybridsn-mean-gate"), ModelOptions.defaults().withClasses(5).withBands(15).withWindow(11), 5, "hybridsn");
    }

    private static void check(ModelSpec spec, ModelOptions o, int classes, String base) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = spec.create(manager, o, 7);
            Shape in = spec.inputShape(o, 2);
            float[] x = new float[(int) in.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.sin(0.37 * i);
            }
            float[] prism = net.forward(new ParameterStore(manager, false), new NDList(manager.create(x, in)), false).singletonOrThrow()
                    .toFloatArray();
            byte[] onnx = OnnxExport.export(spec, o, net, List.of(), Map.of());
            try (OnnxRuntimeModel ort = new OnnxRuntimeModel(onnx, 2)) {
                assertThat(ParityCheck.relativeError(ort.run(x, in.getShape()), rows(prism, classes))).as(spec.name())
                        .isLessThanOrEqualTo(1e-5);
            }
            ModelSpec plain = ModelRegistry.builtIn().get(base);
            assertThat(ModelSummary.of(spec, o).params()).as("a parameter-free gate adds no parameters to " + base)
                    .isEqualTo(ModelSummary.of(plain, o).params());
            assertThat(ModelSummary.of(spec, o).macs()).as("nor multiply-adds, as the papers count them (convolutions and linear layers)")
                    .isEqualTo(ModelSummary.of(plain, o).macs());
        }
    }

    private static double[][] rows(float[] flat, int cols) {
        double[][] out = new double[flat.length / cols][cols];
        for (int i = 0; i < flat.length; i++) {
            out[i / cols][i % cols] = flat[i];
        }
        return out;
    }
}
