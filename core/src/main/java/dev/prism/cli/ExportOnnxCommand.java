package dev.prism.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.prism.jobs.OnnxExports;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelRegistry;
import dev.prism.models.ModelSpec;
import dev.prism.models.ModelStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export-onnx", mixinStandardHelpOptions = true,
        description = {
            "Write a trained run, a saved model or a zoo model as a standard ONNX model (opset 17): input 'input'",
            "(batch axis dynamic; image models also take any height and width), output 'scores', class names and",
            "provenance in its metadata. Before it is written, ONNX Runtime runs it and its scores must equal Prism's.",
            "A hyperspectral run's PCA (or band standardisation) goes beside it as NAME.transform.json: apply it to",
            "each pixel's spectrum, then cut the window around the pixel.",
            "Examples:",
            "  prism export-onnx --run runs/hsi-indian_pines-hybridsn --out hybridsn.onnx",
            "  prism export-onnx --model mobilenet-v3-small --classes 10 --out mnv3s.onnx    (initialised with --seed)"})
final class ExportOnnxCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--run", paramLabel = "DIR", description = "A finished run folder (its best, else last, checkpoint).")
        Path run;

        @Option(names = "--model-dir", paramLabel = "DIR", description = "A saved Prism model (import-weights --out).")
        Path modelDir;

        @Option(names = "--model", paramLabel = "NAME", description = "A zoo model (see `prism models`), with the model options below.")
        String model;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Mixin
    ModelOptionsMixin options;

    @Option(names = "--seed", defaultValue = "0", description = "Initialisation seed with --model (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE.onnx", description = "The ONNX file to write (must not exist).")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (source.model == null) {
            new OptionUse(spec).refuse(source.run != null ? "--run (the run decides its model)" : "--model-dir (the saved model decides)",
                    "--classes", "--alpha", "--input", "--bands", "--window", "--seed");
        }
        OnnxExports.checkTarget(out);
        OnnxExports.Exported e;
        if (source.run != null) {
            e = OnnxExports.fromRun(source.run, out);
        } else {
            try (NDManager manager = NDManager.newBaseManager()) {
                ModelSpec model;
                ModelOptions o;
                Block block;
                if (source.modelDir != null) {
                    ModelStore.Descriptor d = ModelStore.descriptor(source.modelDir);
                    model = ModelRegistry.available().get(d.model());
                    o = d.options();
                    block = ModelStore.load(source.modelDir, ModelRegistry.available(), manager);
                } else {
                    model = ModelRegistry.available().get(source.model);
                    o = model.resolve(options.toOptions());
                    block = model.create(manager, o, seed);
                }
                Map<String, String> meta = source.model != null ? Map.of("seed", Long.toString(seed))
                        : Map.of("saved_model", source.modelDir.toAbsolutePath().toString());
                e = OnnxExports.write(model, o, block, List.of(), meta, out, manager);
            }
        }
        System.out.printf(Locale.ROOT, "wrote %s (%.1f MB), verified in ONNX Runtime: scores within %.1e of Prism's%s%n", e.model(),
                e.bytes() / 1e6, e.difference(), e.sidecar() == null ? "" : "; spectral transform: " + e.sidecar());
        return 0;
    }
}
