package dev.prism.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.prism.io.Tensor;
import dev.prism.models.ModelRegistry;
import dev.prism.models.ModelStore;
import dev.prism.models.StateDict;
import dev.prism.models.WeightFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export-weights", mixinStandardHelpOptions = true,
        description = {
            "Write a Prism model's parameters under PyTorch state_dict names, loadable with",
            "model.load_state_dict(safetensors.torch.load_file(F), strict=False) (num_batches_tracked is not stored).",
            "Example: prism export-weights --model-dir models/mnv2 --to mnv2.safetensors"})
final class ExportWeightsCommand implements Callable<Integer> {

    @Option(names = "--model-dir", required = true, paramLabel = "DIR", description = "A saved Prism model (import-weights --out) or a run folder (its best, else last, checkpoint).")
    Path dir;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "FILE.safetensors or FILE.npz")
    Path to;

    @Override
    public Integer call() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            boolean run = java.nio.file.Files.isRegularFile(dir.resolve(dev.prism.jobs.RunFolder.CONFIG));
            dev.prism.jobs.TrainedRun trained = run ? dev.prism.jobs.TrainedRun.load(dir, manager) : null;
            Block block = run ? trained.block() : ModelStore.load(dir, ModelRegistry.available(), manager);
            Map<String, Tensor> tensors = StateDict.extract(block);
            WeightFiles.write(tensors, to, run ? trained.model() : ModelStore.descriptor(dir).model());
            System.out.printf("exported %d tensors to %s%n", tensors.size(), to);
        }
        return 0;
    }
}
