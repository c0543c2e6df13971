package dev.prism.jobs;

import dev.prism.engine.EngineCheck;
import dev.prism.data.hsi.FieldFolds;
import dev.prism.data.hsi.Scene;
import dev.prism.data.hsi.Split;
import dev.prism.io.AtomicFiles;
import dev.prism.metrics.ClassificationReport;
import dev.prism.metrics.ConfusionMatrix;
import dev.prism.report.HsiReport;
import dev.prism.train.ProcessMemory;
import dev.prism.train.TrainingLoop;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run cross-validated over fields ({@link FieldFolds}): fold f trains in {@code fold-f/}, a run
 * folder of its own, and the run's figures pool every fold's test predictions, so that every
 * labelled pixel the protocol can score is scored exactly once, by a network that never saw a
 * pixel within its window. {@code predicted-cv.npy} holds each such pixel's class (-1 elsewhere).
 * A fold already finished is kept, an interrupted one resumes from its checkpoint.
 */
final class CrossValidation {

    private CrossValidation() {}

    /** The folder of fold {@code f} (1-based). */
    static Path foldDir(Path runDir, int f) {
        return runDir.resolve("fold-" + f);
    }

    /** Whether {@code runDir} holds an unfinished cross-validation to continue. */
    static boolean started(Path runDir) {
        return Files.isDirectory(foldDir(runDir, 1));
    }

    /** Every fold in turn, each trained where {@code master} says (null: this process; see {@link HsiJob#run}). */
    static HsiJob.Result run(HsiConfig c, Path runDir, boolean resume, String command, PrintStream log, String master) throws IOException {
        long t0 = System.nanoTime();
        HsiData first = HsiData.prepare(c.withFold(1)); // every check of the data and split before anything is written
        boolean network = dev.prism.baselines.SpectralBaselines.get(c.model()).isEmpty();
        if (network) {
            Jobs.spec(c.model(), dev.prism.models.ModelSpec.Task.HSI).build(first.modelOptions());
        }
        return Jobs.writing(runDir, resume, () -> {
            Json.write(runDir.resolve(RunFolder.CONFIG), c);
            Scene scene = first.scene();
            Jobs.writeProvenance(runDir, Provenance.of(c, c.train().seed(), scene.name(), scene.checksum(), command,
                    network ? EngineCheck.check() : null), resume);
            writeFolds(runDir, scene, FieldFolds.of(scene, c.folds(), c.effectiveSplitSeed()));
            List<HsiJob.Result> folds = new ArrayList<>();
            for (int f = 1; f <= c.folds(); f++) {
                folds.add(fold(c, f, runDir, command, log, master));
            }
            return pool(c, scene, runDir, folds, t0, log);
        });
    }

    private static HsiJob.Result fold(HsiConfig c, int f, Path runDir, String command, PrintStream log, String master) throws IOException {
        Path dir = foldDir(runDir, f);
        Path results = dir.resolve(RunFolder.RESULTS);
        if (Files.isRegularFile(results)) {
            log.printf(Locale.ROOT, "fold %d of %d already done (%s)%n", f, c.folds(), dir);
            return Json.read(results, HsiJob.Result.class);
        }
        log.printf(Locale.ROOT, "fold %d of %d -> %s%n", f, c.folds(), dir);
        boolean resume = TrainingLoop.hasCheckpoint(dir);
        return HsiJob.run(c.withFold(f), dir, resume, command, log, master);
    }

    /** {@code folds.npy}: every labelled pixel's fold (1-based), 0 unlabelled; {@code folds.txt}: per class and fold counts. */
    private static void writeFolds(Path runDir, Scene scene, FieldFolds folds) throws IOException {
        float[] mask = new float[scene.pixels()];
        int[][] counts = new int[scene.classes()][folds.folds()];
        for (int p = 0; p < mask.length; p++) {
            int f = folds.foldOf()[p];
            mask[p] = f + 1;
            if (f >= 0) {
                counts[scene.dense(p)][f]++;
            }
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        dev.prism.io.Npy.write(new dev.prism.io.Tensor(new long[] {scene.rows(), scene.cols()}, mask), bytes);
        AtomicFiles.write(runDir.resolve("folds.npy"), bytes.toByteArray());
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%-4s %-30s", "#", "class"));
        for (int f = 1; f <= folds.folds(); f++) {
            t.append(String.format(Locale.ROOT, " %7s", "fold " + f));
        }
        t.append('\n');
        for (int c = 0; c < scene.classes(); c++) {
            t.append(String.format(Locale.ROOT, "%-4d %-30s", scene.labels()[c], scene.classNames().get(c)));
            for (int n : counts[c]) {
                t.append(String.format(Locale.ROOT, " %7d", n));
            }
            if (folds.classNotes()[c] != null) {
                t.append("  ").append(folds.classNotes()[c]);
            }
            t.append('\n');
        }
        AtomicFiles.writeString(runDir.resolve("folds.txt"), t.toString());
    }

    /** The pooled result: one confusion matrix over every fold's scored test pixels. */
    private static HsiJob.Result pool(HsiConfig c, Scene scene, Path runDir, List<HsiJob.Result> folds, long t0, PrintStream log)
            throws IOException {
        int k = scene.classes();
        long[][] sum = new long[k][k];
        int train = 0;
        int val = 0;
        int test = 0;
        double trainSeconds = 0;
        long peak = 0;
        int epochs = 0;
        boolean collapsed = false;
        List<String> warnings = new ArrayList<>();
        for (int f = 0; f < folds.size(); f++) {
            HsiJob.Result r = folds.get(f);
            long[][] cm = r.test().confusion();
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    sum[i][j] += cm[i][j];
                }
            }
            train += r.trainPixels();
            val += r.valPixels();
            test += r.testPixels();
            trainSeconds += r.trainSeconds();
            peak = Math.max(peak, r.peakRssMiB());
            epochs = Math.max(epochs, r.epochs());
            collapsed |= r.collapsed();
            if (r.warning() != null) {
                warnings.add("fold " + (f + 1) + ": " + r.warning());
            }
        }
        ClassificationReport report = ClassificationReport.of(ConfusionMatrix.fromCounts(sum), scene.labels(), scene.classNames());
        writePredictions(runDir, scene, folds.size());
        HsiReport.confusion(runDir, report, scene);
        HsiJob.Result first = folds.get(0);
        HsiJob.Result r = new HsiJob.Result(scene.name(), c.model(), "fields-kfold", c.train().seed(), train, val, test, epochs, report,
                first.params(), first.macs(), collapsed, warnings.isEmpty() ? null : String.join("; ", warnings), trainSeconds,
                (System.nanoTime() - t0) / 1e9, Math.max(peak, ProcessMemory.peakRssMiB()), first.inferenceEngine());
        Json.write(runDir.resolve(RunFolder.RESULTS), r);
        log.printf(Locale.ROOT, "%s on %s (%d-fold cross-validation over fields, seed %d): OA %.2f%%  AA %.2f%%  Kappa %.2f  "
                + "(%d test pixels, each scored once)%n", c.model(), scene.name(), c.folds(), c.train().seed(), report.oa(), report.aa(),
                report.kappa(), test);
        return r;
    }

    /** {@code predicted-cv.npy}: each scored pixel's class (dense index) from the fold that tested it, -1 elsewhere. */
    private static void writePredictions(Path runDir, Scene scene, int folds) throws IOException {
        float[] out = new float[scene.pixels()];
        java.util.Arrays.fill(out, -1);
        for (int f = 1; f <= folds; f++) {
            Path dir = foldDir(runDir, f);
            float[] mask = dev.prism.io.Npy.read(dir.resolve("split-mask.npy")).data();
            float[] pred = dev.prism.io.Npy.read(dir.resolve(HsiReport.PREDICTED)).data();
            for (int p = 0; p < out.length; p++) {
                if (mask[p] == Split.TEST) {
                    out[p] = pred[p];
                }
            }
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        dev.prism.io.Npy.write(new dev.prism.io.Tensor(new long[] {scene.rows(), scene.cols()}, out), bytes);
        AtomicFiles.write(runDir.resolve("predicted-cv.npy"), bytes.toByteArray());
    }
}
