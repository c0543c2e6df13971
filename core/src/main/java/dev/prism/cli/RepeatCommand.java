package dev.prism.cli;

import dev.prism.jobs.HsiConfig;
import dev.prism.jobs.ImageConfig;
import dev.prism.jobs.Study;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "repeat", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run the same training N times with seeds 1..N and report mean ± std of OA, AA and Kappa:",
            "the answer to \"why does every run give a different result\". Finished runs are reused.",
            "Example: prism repeat --runs 3 --task hsi --model hybridsn --epochs 15"})
final class RepeatCommand implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "3", description = "Number of seeds (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--task", defaultValue = "hsi", description = "hsi (default) or image.")
    String task;

    @Option(names = "--model", defaultValue = "hybridsn", description = "Default: hybridsn (hsi), se-resnet20 (image).")
    String model;

    @Option(names = "--train-limit", defaultValue = "0", description = "Images: at most N training images; 0 = all.")
    int trainLimit;

    @Mixin
    HsiOptions hsi;

    @Mixin
    TrainOptions train;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder of the runs (default: runs/repeat-<model>-<split>-<epochs>ep).")
    Path out;

    @picocli.CommandLine.Mixin
    DeviceOption device;

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be >= 1, got " + runs);
        }
        Path dir;
        List<Study.Arm> arm;
        if (task.equals("image")) {
            if (hsi.data == null) {
                throw new IllegalArgumentException("--task image needs --data DIR");
            }
            String m = model.equals("hybridsn") ? "se-resnet20" : model;
            ImageConfig base = new ImageConfig("image", hsi.data, m, hsi.val, trainLimit, train.toConfig(dev.prism.train.Recipe.STRONG), device.device);
            dir = out != null ? out : Path.of("runs", "repeat-image-" + m + "-" + base.train().epochs() + "ep");
            arm = List.of(new Study.Arm(m, s -> base.withTrain(base.train().withSeed(s))));
        } else if (task.equals("hsi")) {
            HsiConfig base = hsi.toConfig(model, train.toConfig(dev.prism.train.Recipe.HSI), device.device);
            dir = out != null ? out : Path.of("runs", "repeat-" + model + "-" + base.split() + "-" + base.train().epochs() + "ep");
            arm = List.of(new Study.Arm(model, s -> base.withTrain(base.train().withSeed(s))));
        } else {
            throw new IllegalArgumentException("--task must be 'hsi' or 'image', got '" + task + "'");
        }
        Study.run("repeat", "The same training with seeds 1.." + runs + ".", arm, runs, dir,
                "prism " + String.join(" ", Main.currentArgs()), System.out);
        System.out.println(Files.readString(dir.resolve("study.md")));
        return 0;
    }
}
