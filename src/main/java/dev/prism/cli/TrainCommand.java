package dev.prism.cli;

import dev.prism.jobs.HsiConfig;
import dev.prism.jobs.HsiJob;
import dev.prism.jobs.ImageConfig;
import dev.prism.jobs.ImageJob;
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
            "  prism train --task image --data ../shared/data/cifar10-jpeg --model se-resnet20 --recipe strong",
            "  prism train --resume runs/2026-11-28-hsi-hybridsn             (continue a killed run)"})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--task", defaultValue = "hsi", description = "hsi or image (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--model", defaultValue = "hybridsn", description = "Model name (see `prism models`); default: hybridsn for hsi, se-resnet20 for image.")
    String model;

    @Mixin
    HsiOptions hsi;

    @Mixin
    TrainOptions train;

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run folder (default: runs/<date>-<task>-<model>[-seed]).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR from its last completed epoch, with its own config.")
    Path resume;

    @Option(names = "--train-limit", defaultValue = "0", description = "Images: use at most N training images (stratified, seeded); 0 = all.")
    int trainLimit;

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
            String json = Files.readString(cfg);
            if (RunFolders.isImageRun(json)) {
                ImageJob.run(Json.GSON.fromJson(json, ImageConfig.class), resume, true, command, System.out);
            } else {
                HsiJob.run(Json.GSON.fromJson(json, HsiConfig.class), resume, true, command, System.out);
            }
            return 0;
        }
        if (task.equals("image")) {
            if (hsi.data == null) {
                throw new IllegalArgumentException("--task image needs --data DIR (CIFAR binary files, or train/ and test/ class folders)");
            }
            String imageModel = model.equals("hybridsn") ? "se-resnet20" : model;
            ImageConfig c = new ImageConfig("image", hsi.data, imageModel, hsi.val, trainLimit, train.toConfig("strong"), device);
            Path dir = out != null ? out : Path.of("runs", LocalDate.now() + "-image-" + imageModel + "-seed" + c.train().seed());
            ImageJob.run(c, dir, false, command, System.out);
            return 0;
        }
        if (!task.equals("hsi")) {
            throw new IllegalArgumentException("--task must be 'hsi' or 'image', got '" + task + "'");
        }
        HsiConfig c = hsi.toConfig(model, train.toConfig("hsi"), device);
        Path dir = out != null ? out : Path.of("runs", LocalDate.now() + "-hsi-" + model + "-seed" + c.train().seed());
        HsiJob.run(c, dir, false, command, System.out);
        return 0;
    }
}
