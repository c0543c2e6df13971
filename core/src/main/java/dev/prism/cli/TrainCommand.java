package dev.prism.cli;

import dev.prism.jobs.HsiConfig;
import dev.prism.jobs.HsiJob;
import dev.prism.jobs.ImageConfig;
import dev.prism.jobs.ImageJob;
import dev.prism.jobs.RunFolder;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Train a model, evaluate it on the test set and write everything to a run folder:",
            "config.json, provenance.json, metrics.csv/.jsonl, loss/accuracy curves, checkpoints, results.json, report.md, maps.",
            "A run folder that already holds a run is refused unless --overwrite; one process writes a folder at a time.",
            "",
            "Examples:",
            "  prism train --task hsi --model hybridsn                       (bundled Indian Pines, the paper's protocol)",
            "  prism train --task hsi --model hybridsn-se --split fields --epochs 15 --seed 7",
            "  prism train --task hsi --scene salinas --data ~/hsi --model hybridsn",
            "  prism train --task image --data ../shared/data/cifar10-jpeg --model se-resnet20 --recipe strong",
            "  prism train --resume runs/2026-11-28-hsi-hybridsn             (continue a killed run)",
            "  prism train --resume runs/2026-11-28-hsi-hybridsn --epochs 20 (extend a finished run to 20 epochs)",
            "  prism train --resume RUN --lr 0.0003                           (continue with a new learning rate)",
            "  prism train --workers 2 --local-steps 4 --master 'local[2]'  (local SGD)"})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--task", defaultValue = "hsi", description = "hsi or image (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--model", defaultValue = "hybridsn", description = "Model name (see `prism models`); default: hybridsn for hsi, se-resnet20 for image.")
    String model;

    @Mixin
    HsiOptions hsi;

    @Mixin
    TrainOptions train;

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run folder (default: runs/<date>-<task>-<model>-seed<seed>, with -2, -3 ... when taken).")
    Path out;

    @Option(names = "--overwrite", description = "Replace the run already in --out (its files are deleted once every option is checked).")
    boolean overwrite;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR from its last completed epoch, with its own config;"
            + " --epochs N extends it (also a finished run), and " + ResumeChanges.ALLOWED_TEXT + " may change (from the next step on).")
    Path resume;

    @Option(names = "--train-limit", defaultValue = "0", description = "Images: use at most N training images (stratified, seeded); 0 = all.")
    int trainLimit;

    @picocli.CommandLine.Mixin
    DeviceOption device;

    @Mixin
    MasterOption master;

    @Override
    public Integer call() throws Exception {
        String command = "prism " + String.join(" ", Main.currentArgs());
        OptionUse given = new OptionUse(spec);
        String cluster = master.master;
        if (cluster != null) {
            if (resume == null && !given.has("--workers")) {
                throw new IllegalArgumentException("--master " + cluster + " needs --workers N: the shards local SGD trains in parallel,"
                        + " one worker each (e.g. --workers 2 --local-steps 4)");
            }
            master.cluster(); // the URL and Prism's Spark module, before anything is read
        }
        if (resume != null) {
            ResumeChanges.Plan plan = ResumeChanges.plan(resume, given, train, System.out);
            try (Interrupted i = Interrupted.hint(resumeHint(resume))) {
                if (plan.image() != null) {
                    ImageJob.run(plan.image(), resume, true, command, System.out, cluster);
                } else {
                    HsiJob.run(plan.hsi(), resume, true, command, System.out, cluster);
                }
            }
            return 0;
        }
        if (task.equals("image")) {
            given.refuse("--task image", "--cube", "--gt", "--classes-file", "--scene", "--pca", "--whiten", "--pca-fit", "--window",
                    "--gap-window", "--split", "--train", "--split-seed");
            if (hsi.data == null) {
                throw new IllegalArgumentException("--task image needs --data DIR (CIFAR binary files, or train/ and test/ class folders)");
            }
            String imageModel = given.has("--model") ? model : "se-resnet20";
            ImageConfig c = new ImageConfig("image", hsi.data, imageModel, hsi.val, trainLimit, train.toConfig(dev.prism.train.Recipe.STRONG), device.device);
            Path dir = out != null ? out : OutFolder.freeDefault(Path.of("runs", LocalDate.now() + "-image-" + imageModel + "-seed" + c.train().seed()));
            OutFolder.checkNew(dir, overwrite);
            try (Interrupted i = Interrupted.hint(resumeHint(dir))) {
                ImageJob.run(c, dir, false, command, System.out, cluster);
            }
            return 0;
        }
        if (!task.equals("hsi")) {
            throw new IllegalArgumentException("--task must be 'hsi' or 'image', got '" + task + "'");
        }
        given.refuse("--task hsi", "--train-limit");
        if (given.has("--cube")) {
            given.refuse("--cube (a custom scene)", "--data"); // --data also names an image task's folder, so it cannot join the group
        } else {
            given.refuse("a registered --scene", "--gt", "--classes-file");
        }
        HsiConfig c = hsi.toConfig(model, train.toConfig(dev.prism.train.Recipe.HSI), device.device);
        Path dir = out != null ? out : OutFolder.freeDefault(Path.of("runs", LocalDate.now() + "-hsi-" + model + "-seed" + c.train().seed()));
        OutFolder.checkNew(dir, overwrite);
        try (Interrupted i = Interrupted.hint(resumeHint(dir))) {
            HsiJob.run(c, dir, false, command, System.out, cluster);
        }
        return 0;
    }

    private static String resumeHint(Path dir) {
        return "the run keeps its completed epochs; continue it with: prism train --resume " + dir;
    }
}
