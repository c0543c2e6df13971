package dev.prism.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.prism.io.Tensor;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelRegistry;
import dev.prism.models.ModelSpec;
import dev.prism.models.ModelStore;
import dev.prism.models.StateDict;
import dev.prism.models.WeightFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "import-weights", mixinStandardHelpOptions = true,
        description = {
            "Load a PyTorch state_dict (saved as .safetensors or NumPy .npz, names as PyTorch gives them) into a Prism model.",
            "Every tensor must match: a missing, extra or mis-shaped one is named with both shapes.",
            "Example: prism import-weights --model mobilenet-v2 --classes 10 --from mnv2.safetensors --out models/mnv2"})
final class ImportWeightsCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Model name (see `prism models`).")
    String model;

    @Mixin
    ModelOptionsMixin options;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "FILE.safetensors or FILE.npz")
    Path from;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the Prism model (model.json + weights.params).")
    Path out;

    @Override
    public Integer call() throws Exception {
        ModelSpec spec = ModelRegistry.available().get(model);
        ModelOptions o = spec.resolve(options.toOptions());
        Map<String, Tensor> tensors = WeightFiles.read(from);
        String converted = conversions(from);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = spec.create(manager, o, 0);
            StateDict.load(block, tensors, from.toString());
            ModelStore.save(out, spec.name(), o, block);
        }
        System.out.printf("imported %d tensors into %s (%s)%s%n", tensors.size(), out, spec.name(), converted);
        return 0;
    }

    /**
     * Says which tensors were converted to float32 (Prism's parameters are float32); integer
     * tensors are refused except PyTorch's BatchNorm step counters, which Prism does not keep.
     */
    static String conversions(java.nio.file.Path file) throws java.io.IOException {
        if (!file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".safetensors")) {
            return "";
        }
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : dev.prism.io.SafeTensors.dtypes(file).entrySet()) {
            String dtype = e.getValue();
            boolean integer = dtype.startsWith("I") || dtype.startsWith("U");
            if (integer && !e.getKey().endsWith("num_batches_tracked")) {
                throw new IllegalArgumentException(file + ": tensor '" + e.getKey() + "' is " + dtype
                        + " (integers) but Prism's parameters are float32: convert it in PyTorch first (tensor.float())");
            }
            if (!integer && !dtype.equals("F32")) {
                counts.merge(dtype, 1, Integer::sum);
            }
        }
        return counts.isEmpty() ? "" : "; converted to float32: " + counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(java.util.stream.Collectors.joining(", ")) + " tensor(s)";
    }
}
