package dev.prism.cli;

import dev.prism.jobs.HsiConfig;
import dev.prism.jobs.HsiJob;
import dev.prism.jobs.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Train a model, evaluate it on the test set and write everything to a run folder:",
            "config.json, provenance.json, metrics.csv/.jsonl, loss/accuracy curves, checkpoints, results.json, report.md, maps.",
            "",
            "Examples:",
            "  prism train --task hsi --model hybridsn                       (bundled Indian Pines, the paper's protocol)",
            "  prism train --task hsi --model hybridsn-se --split disjoint --epochs 15 --seed 7",
            "  prism train --task hsi --scene salinas --data ~/hsi --model hybridsn",
            "  prism train --resume runs/2026-11-28-hsi-hybridsn             (continue a killed run)"})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--task", defaultValue = "hsi", description = "hsi or image (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--model", defaultValue = "hybridsn", description = "Model name (see `prism models`); default: ${DEFAULT-VALUE}.")
    String model;

    @Mixin
    HsiOptions hsi;

    @Mixin
    TrainOptions train;

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run folder (default: runs/<date>-<task>-<model>[-seed]).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR from its last completed epoch, with its own config.")
    Path resume;

    @Option(names = "--device", defaultValue = "auto", description = "auto (GPU when DJL finds one) or cpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() throws Exception {
        String command = "prism " + String.join(" ", Main.currentArgs());
        if (resume != null) {
            Path cfg = resume.resolve("config.json");
            if (!Files.isRegularFile(cfg)) {
                throw new IllegalArgumentException("--resume " + resume + " is not a Prism run folder (config.json missing)");
            }
            HsiConfig c = Json.GSON.fromJson(Files.readString(cfg), HsiConfig.class);
            HsiJob.run(c, resume, true, command, System.out);
            return 0;
        }
        if (!task.equals("hsi")) {
            throw new IllegalArgumentException("--task must be 'hsi' (image classification is not in this build yet), got '" + task + "'");
        }
        HsiConfig c = hsi.toConfig(model, train.toConfig("hsi"), device);
        Path dir = out != null ? out : Path.of("runs", LocalDate.now() + "-hsi-" + model + "-seed" + c.train().seed());
        HsiJob.run(c, dir, false, command, System.out);
        return 0;
    }
}
