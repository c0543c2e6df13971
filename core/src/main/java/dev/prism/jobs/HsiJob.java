package dev.prism.jobs;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.prism.data.hsi.Scene;
import dev.prism.data.hsi.Split;
import dev.prism.io.AtomicFiles;
import dev.prism.io.Npy;
import dev.prism.io.Tensor;
import dev.prism.metrics.ClassificationReport;
import dev.prism.metrics.ConfusionMatrix;
import dev.prism.models.ModelSpec;
import dev.prism.report.Curves;
import dev.prism.report.HsiReport;
import dev.prism.train.Checkpoint;
import dev.prism.train.LocalSgd;
import dev.prism.train.ProcessMemory;
import dev.prism.train.Progress;
import dev.prism.train.TrainingLoop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** Trains and evaluates one hyperspectral model end to end, writing everything to its run folder. */
public final class HsiJob {

    /** The outcome of a run, as {@code results.json}. */
    public record Result(
            String scene,
            String model,
            String split,
            long seed,
            int trainPixels,
            int valPixels,
            int testPixels,
            int epochs,
            ClassificationReport test,
            long params,
            long macs,
            boolean collapsed,
            String warning,
            double trainSeconds,
            double totalSeconds,
            long peakRssMiB,
            String inferenceEngine) {}

    private HsiJob() {}

    /**
     * Trains and evaluates {@code c} into {@code runDir}. Everything that can be checked (model,
     * device, data, split, PCA, the network's geometry) is checked before the folder is touched; a
     * fresh run ({@code resume} false) then empties the folder of any earlier run, a resumed one
     * continues from its last checkpoint. The folder is locked while the run writes; a run that
     * stops on an error that would repeat leaves a {@code FAILED} marker with the reason.
     */
    public static Result run(HsiConfig c, Path runDir, boolean resume, String command, PrintStream log) throws IOException {
        return run(c, runDir, resume, command, log, null);
    }

    /**
     * As {@link #run(HsiConfig, Path, boolean, String, PrintStream)}, with local SGD's workers
     * ({@link dev.prism.train.TrainConfig.Parallel}) on {@code master}'s executors ({@link Cluster});
     * null: in this process. On {@code local[N]} the weights are those of the workers taking turns
     * in this process, bit for bit; on a cluster, those of the same training undisturbed on
     * executors configured alike.
     */
    public static Result run(HsiConfig c, Path runDir, boolean resume, String command, PrintStream log, String master) throws IOException {
        if (c.crossValidated()) {
            return CrossValidation.run(c, runDir, resume, command, log, master);
        }
        var baseline = dev.prism.baselines.SpectralBaselines.get(c.model());
        if (baseline.isPresent()) {
            if (master != null) {
                throw new IllegalArgumentException("--master: " + c.model() + " is a spectral baseline, fitted in one process");
            }
            return BaselineJob.run(c, baseline.get(), runDir, command, log);
        }
        long t0 = System.nanoTime();
        ModelSpec spec = Jobs.spec(c.model(), ModelSpec.Task.HSI); // an unknown model is refused before the data is read
        HsiData data = HsiData.prepare(c);
        JobContext<HsiConfig> run = JobContext.of(c, spec, data.modelOptions(), runDir, log);
        run.spec().build(run.options()); // the network's own checks (window, bands) before anything is written
        LocalSgd.Backend workers = Jobs.workers(c.train(), master, () -> WorkerJob.of(c), log);
        return Jobs.writing(runDir, resume, () -> train(run, data, resume, command, t0, workers));
    }

    private static Result train(JobContext<HsiConfig> run, HsiData data, boolean resume, String command, long t0,
            LocalSgd.Backend workers) throws IOException {
        HsiConfig c = run.config();
        Path runDir = run.runDir();
        PrintStream log = run.log();
        Scene scene = data.scene();
        Split split = data.split();
        log.printf(Locale.ROOT, "%s: %d x %d x %d, %d classes; %s split: %d train, %d val, %d test pixels%s%n",
                scene.name(), scene.rows(), scene.cols(), scene.bands(), scene.classes(), split.kind(),
                split.train().length, split.val().length, split.test().length,
                split.buffer().length > 0 ? ", " + split.buffer().length + " buffer" : "");
        Json.write(runDir.resolve(RunFolder.CONFIG), c);
        Jobs.writeProvenance(runDir, Provenance.of(c, c.train().seed(), scene.name(), scene.checksum(), command, run.engine()), resume);
        Classifier.of(c, data).write(runDir);
        String counts = writeSplit(runDir, scene, split);
        if (split.buffer().length > 0) {
            log.print(counts);
        }
        try (NDManager manager = NDManager.newBaseManager(c.device().device())) {
            Block block = run.network(manager, c.train().seed(), c.train().run().init());
            TrainingLoop loop = Jobs.loop(run, block, manager, c.train(), workers);
            TrainingLoop.Result fit = resume ? loop.resume(data.samples(), split.partition()) : loop.fit(data.samples(), split.partition());
            Curves.write(runDir, fit.history());
            if (split.val().length > 0) {
                Checkpoint.load(runDir.resolve(TrainingLoop.BEST), block, null);
                log.printf(Locale.ROOT, "evaluating the best epoch on validation (%d)%n", fit.bestEpoch());
            }
            return evaluate(run, data, block, manager, new Training(fit.history().size(), fit.warning(), fit.trainSeconds(), t0),
                    InferenceEngine.DJL);
        }
    }

    /** Test metrics, maps and report for a trained block. */
    static Result evaluate(JobContext<HsiConfig> run, HsiData data, Block block, NDManager manager, Training training,
            InferenceEngine engine) throws IOException {
        // one pass over the whole scene: the map, and the test pixels' predictions from it
        Progress mapBar = new Progress(run.log(), "predict scene", data.scene().pixels());
        SceneLabels labelled = predictScene(run, data, block, manager, engine, n -> mapBar.update(n, ""));
        return score(run.config(), data, labelled.labels(), run.runDir(), training, dev.prism.models.StateDict.trainableCount(block),
                run.macs(), labelled.engine(), run.log());
    }

    /** How a run trained, for its results: epochs, the training's warning (or null), seconds training, its start. */
    record Training(int epochs, String warning, double trainSeconds, long t0) {}

    /**
     * Scores {@code mapPred} (every pixel's class) on the split's test pixels and writes the run's
     * figures: results, maps, confusion matrix and report.
     */
    static Result score(HsiConfig c, HsiData data, int[] mapPred, Path runDir, Training training, long params, long macs,
            String engine, PrintStream log) throws IOException {
        Scene scene = data.scene();
        Split split = data.split();
        int[] predicted = new int[split.test().length];
        int[] truth = new int[split.test().length];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = scene.dense(split.test()[i]);
            predicted[i] = mapPred[split.test()[i]];
        }
        ConfusionMatrix cm = ConfusionMatrix.of(scene.classes(), truth, predicted);
        ClassificationReport report = ClassificationReport.of(cm, scene.labels(), scene.classNames());
        boolean collapsed = cm.distinctPredicted() <= 1;
        String warning = training.warning();
        if (collapsed) {
            warning = "the model predicts a single class for every test pixel: training collapsed; results are not meaningful"
                    + (warning == null ? "" : "; " + warning);
        }
        HsiReport.maps(runDir, scene, split, mapPred);
        HsiReport.confusion(runDir, report, scene);
        double total = (System.nanoTime() - training.t0()) / 1e9;
        Result r = new Result(scene.name(), c.model(), split.kind(), c.train().seed(), split.train().length, split.val().length,
                split.test().length, training.epochs(), report, params, macs, collapsed, warning, training.trainSeconds(), total,
                ProcessMemory.peakRssMiB(), engine);
        Json.write(runDir.resolve("results.json"), r);
        HsiReport.markdown(runDir, String.format(Locale.ROOT, "%s on %s (%s split, seed %d)", c.model(), scene.name(),
                split.kind(), c.train().seed()), describe(c, r), report, warning);
        log.printf(Locale.ROOT, "%s on %s (%s split, seed %d): OA %.2f%%  AA %.2f%%  Kappa %.2f  (%d test pixels)%n",
                c.model(), scene.name(), split.kind(), c.train().seed(), report.oa(), report.aa(), report.kappa(), split.test().length);
        if (warning != null) {
            log.println("WARNING: " + warning);
        }
        log.println("run folder: " + runDir.toAbsolutePath());
        return r;
    }

    /** Every pixel's class, and how results describe the engine that computed them. */
    private record SceneLabels(int[] labels, String engine) {}

    /** The class of every pixel, on the engine scene maps use ({@link SceneClassifier}). */
    private static SceneLabels predictScene(JobContext<HsiConfig> run, HsiData data, Block block, NDManager manager,
            InferenceEngine engine, java.util.function.IntConsumer progress) throws IOException {
        Path checkpoint = TrainingLoop.evaluationCheckpoint(run.runDir(), data.split().val().length > 0);
        try (SceneClassifier classifier = new SceneClassifier(run.engine(), run.runDir(), checkpoint, run.spec(), run.options(), block,
                data.scene().classNames(), engine, manager, run.log())) {
            return new SceneLabels(classifier.all(data.samples(), progress).predicted(), classifier.description);
        }
    }

    static java.util.Map<String, String> describe(HsiConfig c, Result r) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("scene", r.scene());
        m.put("model", c.model());
        m.put("PCA", c.pca() == 0 ? "none (standardised bands)" : c.pca() + " components, whiten " + c.whiten() + ", fitted on " + c.effectivePcaFit() + " pixels");
        m.put("window", Integer.toString(c.window()));
        m.put("split", c.split() + ", train " + c.trainAmount() + ", val " + c.valFraction() + " (" + r.trainPixels() + " / " + r.valPixels() + " / " + r.testPixels() + " pixels)");
        m.put("training", Json.GSON.toJson(c.train()).replaceAll("\\s+", " "));
        m.put("epochs run", Integer.toString(r.epochs()));
        m.put("time", String.format(Locale.ROOT, "train %.0f s, total %.0f s", r.trainSeconds(), r.totalSeconds()));
        m.put("peak memory", r.peakRssMiB() + " MiB resident");
        return m;
    }

    /**
     * Re-evaluates a finished run on its test pixels from its config and best (or last) checkpoint.
     * The data must be the data the run was trained on: a different checksum than its
     * {@code provenance.json} records is refused unless {@code allowChangedData}.
     */
    public static Result evaluateRun(Path runDir, boolean allowChangedData, InferenceEngine engine, PrintStream log) throws IOException {
        HsiConfig c = RunFolder.config(runDir, HsiConfig.class);
        Jobs.refuseFailed(runDir);
        HsiData data = HsiData.prepare(c);
        Jobs.checkData(runDir, data.scene().checksum(), allowChangedData, log);
        JobContext<HsiConfig> run = JobContext.of(c, Jobs.spec(c.model(), ModelSpec.Task.HSI), data.modelOptions(), runDir, log);
        Path ckpt = TrainingLoop.evaluationCheckpoint(runDir, data.split().val().length > 0);
        try (RunFolder folder = RunFolder.lock(runDir); NDManager manager = NDManager.newBaseManager(c.device().device())) {
            Block block = run.networkToLoad(manager);
            Checkpoint.LoopState state = Checkpoint.load(ckpt, block, null);
            Training training = new Training(state.epochsDone(), null, dev.prism.train.EpochRecord.totalSeconds(state.history()), System.nanoTime());
            return evaluate(run, data, block, manager, training, engine);
        }
    }

    /** The split's masks (npy, PNG) and per-class counts ({@code split.txt}); returns the counts. */
    static String writeSplit(Path runDir, Scene scene, Split split) throws IOException {
        int[] mask = split.mask(scene.pixels());
        float[] asFloat = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
            asFloat[i] = mask[i];
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Npy.write(new Tensor(new long[] {scene.rows(), scene.cols()}, asFloat), bytes);
        AtomicFiles.write(runDir.resolve("split-mask.npy"), bytes.toByteArray());
        HsiReport.masks(runDir, scene, mask);
        String counts = split.describe(scene);
        AtomicFiles.writeString(runDir.resolve("split.txt"), counts);
        return counts;
    }
}
