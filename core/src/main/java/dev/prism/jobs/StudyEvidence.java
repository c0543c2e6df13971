package dev.prism.jobs;

import dev.prism.io.AtomicFiles;
import dev.prism.metrics.ClassificationReport;
import dev.prism.metrics.Stats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a reader needs to check a study's figures: per arm, each class's accuracy over the runs
 * with its test-pixel count (in {@code study.md}), and per run, small text copies of its results
 * (OA/AA/Kappa, per-class figures and confusion matrix in {@code results.json}), its split's
 * per-class counts ({@code split.txt}) and, for a cross-validated run, its fold assignment
 * ({@code folds.txt}) and each fold's files, under {@code evidence/}: a study folder copied without
 * its checkpoints and images still holds every number the page quotes, and with each run's
 * config and provenance {@code evidence/} is itself a folder another study can take finished runs
 * over from ({@code --reuse}).
 */
final class StudyEvidence {

    static final String DIR = "evidence";

    private static final List<String> FILES = List.of(RunFolder.RESULTS, "split.txt", "folds.txt", RunFolder.CONFIG, "baseline.txt",
            "confusion.csv", "metrics.csv", "provenance.json");

    private StudyEvidence() {}

    /** Copies each finished run's small files into {@code evidence/RUN/} (and {@code evidence/RUN/fold-f/}). */
    static void copy(List<Study.Row> rows, Path outDir) throws IOException {
        for (Study.Row r : rows) {
            for (long seed = 1; seed <= r.runs(); seed++) {
                Path run = Study.runDir(outDir, r.label(), seed);
                Path to = outDir.resolve(DIR).resolve(run.getFileName());
                copyFiles(run, to);
                for (int f = 1; Files.isDirectory(CrossValidation.foldDir(run, f)); f++) {
                    copyFiles(CrossValidation.foldDir(run, f), CrossValidation.foldDir(to, f));
                }
            }
        }
    }

    private static void copyFiles(Path from, Path to) throws IOException {
        for (String name : FILES) {
            Path file = from.resolve(name);
            if (Files.isRegularFile(file)) {
                Files.createDirectories(to);
                AtomicFiles.write(to.resolve(name), Files.readAllBytes(file));
            }
        }
    }

    /** Per protocol, a table of each class's accuracy (mean ± sd over runs) per arm, with the test pixels per run. */
    static void appendPerClass(StringBuilder md, List<Study.Row> rows, Path outDir) throws IOException {
        List<String> header = null;
        StringBuilder table = new StringBuilder();
        for (Study.Row r : rows) {
            List<ClassificationReport> reports = new ArrayList<>();
            for (long seed = 1; seed <= r.runs(); seed++) {
                Path results = Study.runDir(outDir, r.label(), seed).resolve(RunFolder.RESULTS);
                if (Files.isRegularFile(results)) {
                    reports.add(Json.read(results, HsiJob.Result.class).test());
                }
            }
            if (reports.isEmpty() || reports.get(0) == null || reports.get(0).perClass() == null) {
                continue;
            }
            List<String> names = reports.get(0).perClass().stream().map(c -> c.label() + " " + c.name()).toList();
            if (header == null) {
                header = names;
            } else if (!header.equals(names)) {
                continue; // another scene's classes: not one table
            }
            table.append("| ").append(r.label());
            for (int c = 0; c < names.size(); c++) {
                int cls = c;
                double[] acc = reports.stream().mapToDouble(x -> x.perClass().get(cls).recall()).filter(v -> !Double.isNaN(v)).toArray();
                long support = reports.get(0).perClass().get(cls).support();
                table.append(" | ").append(acc.length == 0 ? "- (0)" : String.format(Locale.ROOT, "%s (%d)", acc.length == 1
                        ? String.format(Locale.ROOT, "%.1f", acc[0]) : Stats.meanStd(acc), support));
            }
            table.append(" |\n");
        }
        if (header == null) {
            return;
        }
        md.append("\n## Per-class accuracy\n\nEach class's accuracy (recall, percent) per arm, mean ± sample standard deviation over the runs "
                + "that scored it, and in brackets its test pixels in run 1 (under cross-validation: every scored pixel of the scene; "
                + "\"-\" where no run scored the class). Every run's confusion matrix is in `" + DIR + "/RUN/results.json`.\n\n| arm");
        header.forEach(h -> md.append(" | ").append(h));
        md.append(" |\n|---").append("|---".repeat(header.size())).append("|\n").append(table);
    }

    /**
     * Per arm, run 1's test pixels on the scene: right, wrong, labelled but not scored (training,
     * validation, buffer), unlabelled; for a cross-validated run every scored pixel, each from the
     * fold that tested it: where a protocol's errors lie, field by field. Written to {@code maps/}
     * and shown in {@code study.md} per protocol.
     */
    static void appendMaps(StringBuilder md, List<Study.Row> rows, Path outDir) throws IOException {
        java.util.Map<String, StringBuilder> byProtocol = new java.util.LinkedHashMap<>();
        java.util.Map<String, dev.prism.data.hsi.Scene> scenes = new java.util.HashMap<>();
        for (Study.Row r : rows) {
            Path run = Study.runDir(outDir, r.label(), 1);
            if (r.runs() == 0 || !Files.isRegularFile(run.resolve(RunFolder.RESULTS)) || RunFolder.isImageRun(run)) {
                continue;
            }
            HsiConfig c = RunFolder.config(run, HsiConfig.class);
            dev.prism.data.hsi.Scene scene = scenes.computeIfAbsent(c.scene() + "|" + c.dataDir() + "|" + c.cube() + "|" + c.gt(), k -> {
                try {
                    return HsiData.loadScene(c);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            int[] errors = errors(run, scene);
            if (errors == null) {
                continue;
            }
            String file = "maps/" + run.getFileName() + ".png";
            dev.prism.report.Images.classMap(outDir.resolve(file), r.label() + ", run 1: test pixels", scene.rows(), scene.cols(), errors,
                    List.of("test pixel right", "test pixel wrong", "labelled, not scored"),
                    List.of(new java.awt.Color(0x2ca02c), new java.awt.Color(0xd62728), new java.awt.Color(0xd0d0d0)));
            byProtocol.computeIfAbsent(r.split(), k -> new StringBuilder()).append("![").append(r.label()).append("](").append(file)
                    .append(") ");
        }
        for (java.util.Map.Entry<String, StringBuilder> e : byProtocol.entrySet()) {
            md.append("\n## Where run 1 of each arm is wrong, ").append(e.getKey()).append("\n\n").append(e.getValue().toString().strip())
                    .append("\n");
        }
    }

    /** 0 right, 1 wrong (test pixels), 2 labelled but not scored, -1 unlabelled; null when the run kept no predictions. */
    private static int[] errors(Path run, dev.prism.data.hsi.Scene scene) throws IOException {
        Path cv = run.resolve("predicted-cv.npy");
        float[] predicted;
        float[] mask = null;
        if (Files.isRegularFile(cv)) {
            predicted = dev.prism.io.Npy.read(cv).data();
        } else if (Files.isRegularFile(run.resolve(dev.prism.report.HsiReport.PREDICTED)) && Files.isRegularFile(run.resolve("split-mask.npy"))) {
            predicted = dev.prism.io.Npy.read(run.resolve(dev.prism.report.HsiReport.PREDICTED)).data();
            mask = dev.prism.io.Npy.read(run.resolve("split-mask.npy")).data();
        } else {
            return null;
        }
        int[] out = new int[scene.pixels()];
        for (int p = 0; p < out.length; p++) {
            int truth = scene.dense(p);
            boolean scored = mask == null ? predicted[p] >= 0 : mask[p] == dev.prism.data.hsi.Split.TEST;
            out[p] = truth < 0 ? -1 : !scored ? 2 : predicted[p] == truth ? 0 : 1;
        }
        return out;
    }
}
