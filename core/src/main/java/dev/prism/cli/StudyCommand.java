package dev.prism.cli;

import dev.prism.jobs.HsiConfig;
import dev.prism.jobs.Study;
import dev.prism.jobs.StudyArms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "study", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "The study's questions, answered by repeated runs (mean ± std over seeds 1..N), written as study.md and study.json.",
            "  hsi-2d-vs-3d   2-D CNN vs 3-D CNN vs HybridSN, spectral baselines (RBF SVM, random forest, 1-D CNN) and the networks at",
            "                 windows 9 and 15, under the random split and cross-validation over fields",
            "  hsi-repeat     why two runs differ: a crossed design of N split seeds x N initialisation seeds (a two-way",
            "                 random-effects model), the first cell repeated, and a PyTorch reference recipe, under both protocols",
            "  hsi-attention  does attention improve HybridSN? HybridSN vs -SE (channel), -SA (spatial), -CBAM (both)",
            "  se-vs-plain    plain-20 vs ResNet-20 vs SE-, ECA- and CBAM-ResNet-20 on images (--data DIR); --scale full: ResNet18 vs",
            "                 SE-ResNet18",
            "The leakage-free protocol is --split fields-kfold (--folds 3; the same folds for every run) unless --split names",
            "another (fields, disjoint, disjoint-centre); PCA is fitted on training pixels there. Run i of every arm uses training",
            "seed i (under the random split also split seed i), so each arm is compared with its baseline run by run: mean",
            "paired difference with a 95%% confidence interval, paired t and Wilcoxon signed-rank p-values, each also",
            "Holm-adjusted over the study, and the difference 80%% power would detect. Every run's results, confusion matrix and",
            "split are copied under evidence/. A protocol the scene is too small for is reported as impossible and the study",
            "goes on. Finished runs are kept (if their settings and data are the study's), so the same command continues.",
            "Example: prism study hsi-attention --runs 3 --epochs 15"})
final class StudyCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "hsi-2d-vs-3d, hsi-repeat, hsi-attention or se-vs-plain")
    String study;

    @Option(names = "--runs", defaultValue = "3", description = "Seeds per arm (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--model", defaultValue = "hybridsn", description = "Model of hsi-repeat (default: ${DEFAULT-VALUE}).")
    String model;

    @Mixin
    HsiOptions hsi;

    @Mixin
    TrainOptions train;

    @Mixin
    MasterOption master;

    @Option(names = "--out", paramLabel = "DIR", description = "Study folder (default: runs/study-<name>).")
    Path out;

    @Option(names = "--scale", defaultValue = "small", description = "se-vs-plain: small (ResNet-20 family, 10,000 training images, 8 epochs: about an hour on 2 cores) or full (ResNet18 and SE-ResNet18, all images; meant for a GPU).")
    String scale;

    @Option(names = "--train-limit", description = "se-vs-plain: training images (default: 10000 small, all full).")
    Integer trainLimit;

    @picocli.CommandLine.Mixin
    DeviceOption device;

    @Option(names = "--reuse", paramLabel = "STUDY_DIR", split = ",",
            description = "Folders of earlier hyperspectral studies whose finished runs this study repeats exactly (the same "
                    + "settings, seeds and data checksum): those runs are copied in (with reused.txt) instead of trained again. "
                    + "Arms that repeat one run on purpose (hsi-repeat's \"nothing varies\") take over only another study's "
                    + "repeats, run i from run i.")
    List<Path> reuse = List.of();

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be >= 1, got " + runs);
        }
        HsiConfig base = hsi.toConfig(model, train.toConfig(dev.prism.train.Recipe.HSI), device.device);
        List<Study.Arm> arms;
        String question;
        switch (study) {
            case "hsi-2d-vs-3d" -> {
                arms = StudyArms.twoDVersusThreeD(base);
                question = "How do 2-D and 3-D convolution differ? A 2-D CNN, a 3-D CNN and HybridSN with the same recipe, "
                        + "spectral baselines (RBF SVM, random forest, 1-D CNN) and the networks at smaller windows, under the paper's "
                        + "random split and cross-validation over fields, each compared with the 2-D CNN (a window with the "
                        + "same network at the study's window).";
            }
            case "hsi-repeat" -> {
                arms = StudyArms.repeat(base, runs);
                question = "Why does every run give a different result? A crossed design of split seeds x initialisation seeds "
                        + "(one run per cell) under each protocol, analysed as a two-way random-effects model; the first cell "
                        + "repeated; and how PyTorch's reference recipe (its default initialisation, no warm-up, no clipping) trains "
                        + "on the same seeds.";
            }
            case "hsi-attention" -> {
                arms = StudyArms.attention(base);
                question = "Does attention improve HybridSN? Channel attention (SE), spatial attention (SA) and both (CBAM) "
                        + "on the 576 spectral-spatial maps, under the paper's random split and a leakage-free one, each "
                        + "compared with HybridSN run by run.";
            }
            case "se-vs-plain" -> {
                if (hsi.data == null) {
                    throw new IllegalArgumentException("se-vs-plain needs --data DIR (e.g. ../shared/data/cifar10-jpeg)");
                }
                boolean full = switch (scale) {
                    case "small" -> false;
                    case "full" -> true;
                    default -> throw new IllegalArgumentException("--scale must be small or full, got '" + scale + "'");
                };
                dev.prism.train.TrainConfig t = train.toConfig(dev.prism.train.Recipe.STRONG);
                if (!full && train.epochs == null) {
                    t = t.withEpochs(8);
                }
                int limit = trainLimit != null ? trainLimit : full ? 0 : 10_000;
                arms = StudyArms.seVersusPlain(new dev.prism.jobs.ImageConfig("image", hsi.data, "resnet20", hsi.val, limit, t, device.device), full);
                question = "Does channel (and spatial) attention help a CNN? Plain, residual, SE-, ECA- and CBAM-residual networks with the same recipe "
                        + "and seeds (" + (full ? "full scale" : "small scale: " + limit + " training images, " + t.epochs() + " epochs") + ").";
            }
            default -> throw new IllegalArgumentException("unknown study '" + study + "'; known: hsi-2d-vs-3d, hsi-repeat, hsi-attention, se-vs-plain");
        }
        Path dir = out != null ? out : Path.of("runs", "study-" + study);
        switch (dev.prism.jobs.RunFolder.state(dir)) {
            case FILE -> throw new IllegalArgumentException("--out " + dir + " is a file, not a folder: give a folder for the study");
            case FINISHED, UNFINISHED, FAILED -> throw new IllegalArgumentException("--out " + dir + " is a run folder, not a study's: "
                    + "give a new folder (or an earlier study's, to continue it)");
            default -> { }
        }
        if (!reuse.isEmpty() && study.equals("se-vs-plain")) {
            throw new IllegalArgumentException("--reuse takes runs of hyperspectral studies only; se-vs-plain trains its own");
        }
        dev.prism.jobs.Cluster cluster = master.cluster(); // checked (and a standalone master reached) before anything is written
        dev.prism.jobs.RunReuse.adopt(arms, runs, dir, reuse, System.out);
        Files.createDirectories(dir);
        String command = "prism " + String.join(" ", Main.currentArgs());
        try (Interrupted i = Interrupted.hint("finished runs and completed epochs are kept; the same command resumes: " + command)) {
            Study.run(study, question, arms, runs, dir, cluster == null ? null : cluster.studies(master.master), command, System.out);
        }
        System.out.println(Files.readString(dir.resolve("study.md")));
        return 0;
    }
}
