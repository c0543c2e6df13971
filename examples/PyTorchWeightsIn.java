import ai.djl.ndarray.NDArray;
import dev.prism.engine.EngineCheck;
import dev.prism.engine.EngineConfig;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.prism.io.SafeTensors;
import dev.prism.io.Tensor;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelRegistry;
import dev.prism.models.ModelSpec;
import dev.prism.models.StateDict;
import dev.prism.models.WeightFiles;
import dev.prism.parity.GoldenFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PyTorch weights in, predictions out. The weights: torchvision's mobilenet_v2(num_classes=10)
 * state_dict as a golden fixture defines it, saved the way safetensors.torch.save_file would; your
 * own file from PyTorch goes the same way.
 */
public class PyTorchWeightsIn {
    public static void main(String[] args) throws Exception {
        String shared = System.getenv().getOrDefault("PRISM_SHARED", "../shared");
        Path fixtureFile = Path.of(args.length > 0 ? args[0] : shared + "/fixtures/golden/mobilenet_v2.json");
        GoldenFixture fixture = GoldenFixture.read(fixtureFile);
        Map<String, Tensor> stateDict = new LinkedHashMap<>();
        fixture.params().forEach(p -> stateDict.put(p.name(), new Tensor(p.shape(), p.rule().values())));
        Path file = Files.createTempFile("mobilenet_v2", ".safetensors");
        SafeTensors.write(stateDict, Map.of("format", "pt"), file);              // what PyTorch would have written

        EngineConfig engine = EngineCheck.check();                             // the engine self-check, once, before anything computes
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelOptions options = ModelOptions.defaults().withClasses(10).withInputSize(64);
            ModelSpec spec = ModelRegistry.builtIn().get("mobilenet-v2");
            Block net = spec.create(manager, options, 0);
            StateDict.load(net, WeightFiles.read(file), file.toString());        // strict: every name and shape must match
            Block frozen = spec.freeze(manager, options, net);                   // for inference: BatchNorm folded into the convolutions
            NDArray x = engine.layout().create(manager, fixture.input().values(), new Shape(fixture.input().shape()));  // the layout it found right here
            float[] scores = frozen.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow().toFloatArray();
            double worst = 0;
            for (int i = 0; i < fixture.eval_output().length; i++) {
                int best = 0;
                for (int c = 0; c < 10; c++) {
                    best = scores[i * 10 + c] > scores[i * 10 + best] ? c : best;
                    worst = Math.max(worst, Math.abs(scores[i * 10 + c] - fixture.eval_output()[i][c]));
                }
                System.out.printf("image %d: class %d%n", i, best);
            }
            if (worst > 1e-3) {
                System.out.printf("predictions differ from PyTorch's by up to %.1e for %s%n", worst, fixture.model());
                System.exit(1);
            }
            System.out.printf("predictions match PyTorch's (largest difference %.1e) for %s%n", worst, fixture.model());
        }
        Files.delete(file);
    }
}
