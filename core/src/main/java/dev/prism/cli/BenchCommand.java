package dev.prism.cli;

import static java.util.Objects.requireNonNullElse;

import dev.prism.bench.Bench;
import dev.prism.bench.BenchConfig;
import dev.prism.jobs.Json;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measure what users compare against PyTorch: training samples/s and peak memory (SE-ResNet18, HybridSN,",
            "MobileNetV2-CIFAR; batch 64, Adam), inference latency at batch 1 and throughput at batch 64 (MobileNetV1/V2/V3",
            "at 224x224 and 32x32), and the whole HybridSN job on the bundled Indian Pines. Medians over repeats after warm-up.",
            "Progress and the table go to stderr; --json prints the report on stdout.",
            "Side by side with PyTorch: bench/run.sh (runs bench/peer.py on Debian's python3-torch, alternating).",
            "Examples:",
            "  prism bench                        (about 10 minutes on 2 cores)",
            "  prism bench --only train,infer --json --out docs/bench/prism.json",
            "  prism bench --quick --json         (a smoke run: seconds, numbers not comparable)"})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Smoke run: one step per repeat, 32x32 only, a tiny job.")
    boolean quick;

    @Option(names = "--json", description = "Print the report as JSON on stdout.")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the JSON report to FILE.")
    Path out;

    @Option(names = "--only", split = ",", paramLabel = "SECTION", description = "Sections to run: train, infer, job (default: all).")
    List<String> only;

    @Option(names = "--repeats", description = "Timed repeats per measurement (default: 5; quick: 2).")
    Integer repeats;

    @Option(names = "--train-steps", description = "Training steps of batch 64 per timed repeat (default: 5; quick: 1).")
    Integer trainSteps;

    @Option(names = "--latency-iterations", description = "Timed batch-1 forward passes per model (default: 30; quick: 3).")
    Integer latencyIterations;

    @Option(names = "--job-epochs", description = "Epochs of the whole hyperspectral job (default: 2; quick: 1).")
    Integer jobEpochs;

    @picocli.CommandLine.Mixin
    DeviceOption device;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|bf16",
            description = "Training arithmetic of the train and job sections: fp32, or bf16 mixed precision"
                    + " (compare with bench/run.sh --autocast, PyTorch's bf16 autocast).")
    dev.prism.train.TrainConfig.Precision precision;

    @Option(names = "--engines", split = ",", paramLabel = "ENGINE", defaultValue = "djl",
            description = "Inference engines the infer section measures: djl (Prism's own), onnxruntime (Prism's ONNX export in ONNX"
                    + " Runtime; ids latency-b1-ort/..., throughput-b64-ort/...). Default: ${DEFAULT-VALUE}.")
    List<String> engineNames;

    @Option(names = "--onnx-dir", paramLabel = "DIR", description = "Also time ONNX files of another exporter in ONNX Runtime: DIR/MODEL@SIZE.onnx"
            + " (bench/peer.py --export-onnx writes PyTorch's), ids latency-b1-ort-torch/..., throughput-b64-ort-torch/....")
    java.nio.file.Path onnxDir;

    private java.util.Set<dev.prism.jobs.InferenceEngine> engines() {
        java.util.Set<dev.prism.jobs.InferenceEngine> out = EnumSet.noneOf(dev.prism.jobs.InferenceEngine.class);
        for (String n : engineNames) {
            dev.prism.jobs.InferenceEngine e = null;
            try {
                e = dev.prism.jobs.InferenceEngine.parse(n.trim());
            } catch (dev.prism.SettingException ignored) {
                // named below
            }
            if (e == null || e == dev.prism.jobs.InferenceEngine.AUTO) {
                throw new IllegalArgumentException("--engines: '" + n.trim() + "' is not an engine to time; give djl, onnxruntime or both");
            }
            out.add(e);
        }
        return out;
    }

    @Override
    public Integer call() throws Exception {
        BenchConfig d = BenchConfig.defaults(quick);
        EnumSet<BenchConfig.Section> sections = EnumSet.noneOf(BenchConfig.Section.class);
        if (only == null) {
            sections = EnumSet.allOf(BenchConfig.Section.class);
        } else {
            for (String s : only) {
                try {
                    sections.add(BenchConfig.Section.valueOf(s.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--only: unknown section '" + s + "'; known: train, infer, job");
                }
            }
        }
        BenchConfig c = new BenchConfig(quick, requireNonNullElse(repeats, d.repeats()), requireNonNullElse(trainSteps, d.trainSteps()),
                requireNonNullElse(latencyIterations, d.latencyIterations()), requireNonNullElse(jobEpochs, d.jobEpochs()), sections, device.device,
                TrainOptions.checkAvailable(precision), engines(), onnxDir);
        Bench.Report report = new Bench(c, dev.prism.engine.EngineCheck.check(), System.err).run("prism " + String.join(" ", Main.currentArgs()));
        if (out != null) {
            Json.write(out, report);
        }
        if (json) {
            System.out.println(Json.GSON.toJson(report));
        }
        return 0;
    }
}
