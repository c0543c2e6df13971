package dev.prism.jobs;

import dev.prism.SettingException;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.prism.data.image.CifarBinary;
import dev.prism.data.image.ImageFolder;
import dev.prism.data.image.ImageSamples;
import dev.prism.data.image.ImageSet;
import dev.prism.io.AtomicFiles;
import dev.prism.metrics.ClassificationReport;
import dev.prism.metrics.ConfusionMatrix;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelSpec;
import dev.prism.engine.EngineCheck;
import dev.prism.report.Curves;
import dev.prism.report.Images;
import dev.prism.train.Checkpoint;
import dev.prism.train.ProcessMemory;
import dev.prism.train.Inference;
import dev.prism.train.Partition;
import dev.prism.train.Progress;
import dev.prism.train.Scorer;
import dev.prism.train.TrainingLoop;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

/** Image classification end to end (CIFAR binary files or class folders), writing a run folder. */
public final class ImageJob {

    /** {@code results.json} of an image run. */
    public record Result(String data, String model, long seed, int trainImages, int valImages, int testImages, int epochs,
            double accuracy, ClassificationReport test, long params, long macs, double trainSeconds, double totalSeconds, long peakRssMiB,
            String inferenceEngine) {}

    private ImageJob() {}

    /** Training and test sets from {@code data}. */
    public static ImageSet[] load(Path data) throws IOException {
        if (CifarBinary.isCifarDir(data)) {
            return new ImageSet[] {CifarBinary.read(data, true), CifarBinary.read(data, false)};
        }
        if (Files.isDirectory(data.resolve("train")) && Files.isDirectory(data.resolve("test"))) {
            ImageSet train = ImageFolder.read(data.resolve("train"), 0, null);
            ImageSet test = ImageFolder.read(data.resolve("test"), train.height() == train.width() ? train.height() : 0, train.classNames());
            return new ImageSet[] {train, test};
        }
        throw new IOException(data + ": neither CIFAR binary files (data_batch_1.bin ..., or train.bin/test.bin for CIFAR-100) "
                + "nor train/ and test/ folders of class folders");
    }

    /** Seeded, per-class: at most {@code limit} of {@code n} indices (0 = all), then a validation share. */
    static int[][] split(ImageSet set, int limit, double valFraction, long seed) {
        if (valFraction < 0 || valFraction >= 1) {
            throw new SettingException("validation share", " must be a fraction in [0, 1), got " + valFraction);
        }
        Random rng = new Random(seed);
        List<List<Integer>> per = new ArrayList<>();
        for (int c = 0; c < set.classes(); c++) {
            per.add(new ArrayList<>());
        }
        for (int i = 0; i < set.size(); i++) {
            per.get(set.labels()[i]).add(i);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        double keep = limit > 0 ? Math.min(1.0, limit / (double) set.size()) : 1.0;
        for (List<Integer> idx : per) {
            java.util.Collections.shuffle(idx, rng);
            int n = (int) Math.round(keep * idx.size());
            int v = (int) Math.round(valFraction * n);
            val.addAll(idx.subList(0, v));
            train.addAll(idx.subList(v, n));
        }
        return new int[][] {train.stream().mapToInt(Integer::intValue).sorted().toArray(),
            val.stream().mapToInt(Integer::intValue).sorted().toArray()};
    }

    /**
     * Trains and evaluates {@code c} into {@code runDir}: checks first (model, device, data), then
     * locks the folder, as {@link HsiJob#run} does.
     */
    public static Result run(ImageConfig c, Path runDir, boolean resume, String command, PrintStream log) throws IOException {
        return run(c, runDir, resume, command, log, null);
    }

    /**
     * As {@link #run(ImageConfig, Path, boolean, String, PrintStream)}, with local SGD's workers on
     * {@code master}'s executors (null: in this process); see {@link HsiJob#run(HsiConfig, Path,
     * boolean, String, PrintStream, String)}. Every node reads the training images from the same path.
     */
    public static Result run(ImageConfig c, Path runDir, boolean resume, String command, PrintStream log, String master)
            throws IOException {
        long t0 = System.nanoTime();
        ModelSpec spec = Jobs.spec(c.model(), ModelSpec.Task.IMAGE); // an unknown model is refused before the images are read
        ImageSet[] sets = load(Path.of(c.data()));
        ImageSet train = sets[0];
        ImageSet test = sets[1];
        if (train.classes() < 2) {
            throw new IllegalArgumentException(c.data() + ": the training images hold only one class (" + train.classNames()
                    + "); classification needs at least 2");
        }
        int[][] idx = split(train, c.trainLimit(), c.valFraction(), c.train().seed());
        JobContext<ImageConfig> run = JobContext.of(c, spec, options(train), runDir, log);
        run.spec().build(run.options()); // the network's own checks (input size) before anything is written
        dev.prism.train.LocalSgd.Backend workers = Jobs.workers(c.train(), master, () -> WorkerJob.of(c), log);
        return Jobs.writing(runDir, resume, () -> {
            log.printf(Locale.ROOT, "%s: %d classes, %dx%d; %d train, %d val, %d test images%n", c.data(), train.classes(),
                    train.height(), train.width(), idx[0].length, idx[1].length, test.size());
            Json.write(runDir.resolve(RunFolder.CONFIG), c);
            Jobs.writeProvenance(runDir, Provenance.of(c, c.train().seed(), c.data(),
                    "train sha256 " + train.checksum() + ", test sha256 " + test.checksum(), command, run.engine()), resume);
            Json.write(runDir.resolve(LABELS), new Labels(test.classNames(), test.height(), test.width()));
            return train(run, train, test, idx, resume, t0, workers);
        });
    }

    /** What a network for {@code train}'s images must take: its classes and image size. */
    static ModelOptions options(ImageSet train) {
        return ModelOptions.defaults().withClasses(train.classes()).withInputSize(train.height());
    }

    /** Images as samples, normalised with CIFAR's channel statistics (as every image run trains and is evaluated). */
    static ImageSamples samples(ImageSet images) {
        return new ImageSamples(images, ImageSamples.CIFAR_MEAN, ImageSamples.CIFAR_STD);
    }

    private static Result train(JobContext<ImageConfig> run, ImageSet train, ImageSet test, int[][] idx, boolean resume, long t0,
            dev.prism.train.LocalSgd.Backend workers) throws IOException {
        ImageConfig c = run.config();
        ImageSamples trainSamples = samples(train);
        ImageSamples testSamples = samples(test);
        try (NDManager manager = NDManager.newBaseManager(c.device().device())) {
            Block block = run.network(manager, c.train().seed(), c.train().run().init());
            TrainingLoop loop = Jobs.loop(run, block, manager, c.train(), workers);
            Partition partition = Partition.of(idx[0], idx[1]);
            TrainingLoop.Result fit = resume ? loop.resume(trainSamples, partition) : loop.fit(trainSamples, partition);
            Curves.write(run.runDir(), fit.history());
            if (idx[1].length > 0) {
                Checkpoint.load(run.runDir().resolve(TrainingLoop.BEST), block, null);
            }
            return evaluate(run, block, manager, testSamples, new Training(fit.history().size(), idx[0].length, idx[1].length,
                    fit.trainSeconds(), t0), InferenceEngine.DJL);
        }
    }

    /** How a run trained, for its results: epochs, images trained on and held out, seconds training, its start. */
    record Training(int epochs, int trainImages, int valImages, double trainSeconds, long t0) {}

    static Result evaluate(JobContext<ImageConfig> run, Block block, NDManager manager, ImageSamples test, Training training,
            InferenceEngine engine) throws IOException {
        ImageConfig c = run.config();
        Path runDir = run.runDir();
        PrintStream log = run.log();
        int[] all = IntStream.range(0, test.size()).toArray();
        Progress bar = new Progress(log, "test", all.length);
        Labels meta = new Labels(test.set().classNames(), test.set().height(), test.set().width());
        int[] pred;
        String engineUsed;
        try (Engine scorer = scorer(run, meta, block, manager, engine, EVAL_BATCH)) {
            pred = Inference.predict(scorer.scorer(), test, all, EVAL_BATCH, n -> bar.update(n, ""));
            engineUsed = scorer.description();
        }
        ConfusionMatrix cm = ConfusionMatrix.of(test.classes(), test.set().labels(), pred);
        int[] labels = IntStream.range(0, test.classes()).toArray();
        ClassificationReport report = ClassificationReport.of(cm, labels, test.set().classNames());
        StringBuilder csv = new StringBuilder("true\\predicted," + String.join(",", test.set().classNames()) + "\n");
        for (int i = 0; i < test.classes(); i++) {
            csv.append(test.set().classNames().get(i));
            for (long v : report.confusion()[i]) {
                csv.append(',').append(v);
            }
            csv.append('\n');
        }
        AtomicFiles.writeString(runDir.resolve("confusion.csv"), csv.toString());
        Images.confusion(runDir.resolve("confusion.png"), c.model() + " on " + Path.of(c.data()).getFileName(), report.confusion(),
                test.set().classNames());
        long params = dev.prism.models.StateDict.trainableCount(block);
        Result r = new Result(c.data(), c.model(), c.train().seed(), training.trainImages(), training.valImages(), test.size(),
                training.epochs(), report.oa(), report, params, run.macs(), training.trainSeconds(),
                (System.nanoTime() - training.t0()) / 1e9, ProcessMemory.peakRssMiB(), engineUsed);
        Json.write(runDir.resolve("results.json"), r);
        log.printf(Locale.ROOT, "%s (seed %d): test accuracy %.2f%% on %d images%n", c.model(), c.train().seed(), report.oa(), test.size());
        for (ClassificationReport.ClassRow row : report.perClass()) {
            log.printf(Locale.ROOT, "  %-12s %6.2f%%%n", row.name(), row.accuracy());
        }
        log.println("run folder: " + runDir.toAbsolutePath());
        return r;
    }

    /**
     * Re-evaluates a finished image run on its test set, or on {@code dataOverride}'s. The run's own
     * test set must be unchanged (its checksum is in {@code provenance.json}) unless {@code allowChangedData}.
     */
    public static Result evaluateRun(Path runDir, String dataOverride, boolean allowChangedData, InferenceEngine engine, PrintStream log)
            throws IOException {
        ImageConfig c = RunFolder.config(runDir, ImageConfig.class);
        Jobs.refuseFailed(runDir);
        if (dataOverride != null) {
            c = new ImageConfig(c.task(), dataOverride, c.model(), c.valFraction(), c.trainLimit(), c.train(), c.device());
        }
        ImageSet test = load(Path.of(c.data()))[1];
        if (dataOverride == null) {
            Jobs.checkData(runDir, "test sha256 " + test.checksum(), allowChangedData, log);
        }
        JobContext<ImageConfig> run = JobContext.of(c, Jobs.spec(c.model(), ModelSpec.Task.IMAGE),
                ModelOptions.defaults().withClasses(test.classes()).withInputSize(test.height()), runDir, log);
        Path ckpt = TrainingLoop.evaluationCheckpoint(runDir, c.valFraction() > 0);
        try (RunFolder folder = RunFolder.lock(runDir); NDManager manager = NDManager.newBaseManager(c.device().device())) {
            Block block = run.networkToLoad(manager);
            Checkpoint.LoopState s = Checkpoint.load(ckpt, block, null);
            Training training = new Training(s.epochsDone(), 0, 0, dev.prism.train.EpochRecord.totalSeconds(s.history()), System.nanoTime());
            return evaluate(run, block, manager, samples(test), training, engine);
        }
    }

    /** Class names and image size of a run, so prediction needs neither the data set nor its decoding. */
    public record Labels(List<String> classNames, int height, int width) {}

    static final String LABELS = "labels.json";

    /** The run's {@link Labels}; runs older than {@code labels.json} fall back to reading the test set. */
    static Labels labels(Path runDir, ImageConfig c) throws IOException {
        Path f = runDir.resolve(LABELS);
        if (Files.isRegularFile(f)) {
            Labels l = Json.read(f, Labels.class);
            if (l.classNames() == null || l.classNames().size() < 2 || l.height() < 1 || l.width() < 1) {
                throw new IOException(f + " does not describe the run's classes and image size: it was edited or damaged");
            }
            return l;
        }
        ImageSet test = load(Path.of(c.data()))[1];
        return new Labels(test.classNames(), test.height(), test.width());
    }

    /** What the run's network takes: its classes and image size. */
    static ModelOptions options(Labels meta) {
        return ModelOptions.defaults().withClasses(meta.classNames().size()).withInputSize(meta.height());
    }

    /** The run's network under {@code manager}, with the weights it is evaluated with (best epoch, else last). */
    static Block trained(JobContext<ImageConfig> run, Labels meta, NDManager manager) throws IOException {
        Block block = run.networkToLoad(manager);
        Checkpoint.load(TrainingLoop.evaluationCheckpoint(run.runDir(), run.config().valFraction() > 0), block, null);
        return block;
    }

    /** Test images per batch of an evaluation. */
    static final int EVAL_BATCH = 256;

    /** A scorer and how results describe it. */
    private record Engine(Scorer scorer, String description) implements AutoCloseable {
        @Override
        public void close() {
            scorer.close();
        }
    }

    /**
     * The trained {@code block} on {@code engine} (AUTO: the faster here at batches of {@code batch}):
     * its frozen copy on DJL, or the run's cached ONNX export in ONNX Runtime.
     */
    private static Engine scorer(JobContext<ImageConfig> run, Labels meta, Block block, NDManager manager, InferenceEngine engine,
            int batch) throws IOException {
        ModelSpec spec = run.spec();
        EngineChoice.Decision d = EngineChoice.resolve(run.engine(), engine, spec, run.options(), block, batch, manager, run.log());
        if (d.engine() == InferenceEngine.DJL) {
            return new Engine(Inference.scorer(run.engine(), spec.freeze(manager, run.options(), block), manager), d.description());
        }
        Path checkpoint = TrainingLoop.evaluationCheckpoint(run.runDir(), run.config().valFraction() > 0);
        dev.prism.onnx.OnnxRuntimeModel ort = RunOnnx.load(run.runDir(), checkpoint, spec, run.options(), block, meta.classNames(),
                manager, run.log());
        return new Engine(ort, d.description());
    }

    /** Top-k classes of each image file, with softmax probabilities, computed on {@code engine}. */
    public static List<String> predict(Path runDir, List<Path> images, int k, InferenceEngine engine, PrintStream log) throws IOException {
        if (RunFolder.state(runDir) == RunFolder.State.EMPTY) {
            throw new IOException("no run at " + runDir + ": give the folder of a trained image run");
        }
        ImageConfig c = RunFolder.config(runDir, ImageConfig.class);
        Jobs.refuseFailed(runDir);
        Labels meta = labels(runDir, c);
        ImageSet set = ImageFolder.readFiles(images, meta.height(), meta.classNames());
        ImageSamples samples = samples(set);
        float[] x = new float[samples.sampleSize() * set.size()];
        for (int i = 0; i < set.size(); i++) {
            samples.fill(i, x, i * samples.sampleSize(), null);
        }
        float[] scores;
        JobContext<ImageConfig> run = JobContext.of(c, Jobs.spec(c.model(), ModelSpec.Task.IMAGE), options(meta), runDir, log);
        try (NDManager manager = NDManager.newBaseManager(c.device().device());
                Engine scorer = scorer(run, meta, trained(run, meta, manager), manager, engine, set.size())) {
            scores = scorer.scorer().scores(x, Inference.batchShape(set.size(), samples.sampleShape()).getShape());
        }
        return topK(images, meta.classNames(), scores, k);
    }

    /** One line per image: its {@code k} most probable classes (softmax of {@code scores}). */
    static List<String> topK(List<Path> images, List<String> classNames, float[] scores, int k) {
        int classes = classNames.size();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            double[] p = softmax(scores, i * classes, classes);
            Integer[] order = IntStream.range(0, classes).boxed().toArray(Integer[]::new);
            java.util.Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
            StringBuilder sb = new StringBuilder(images.get(i).toString()).append(':');
            for (int j = 0; j < Math.min(k, classes); j++) {
                sb.append(String.format(Locale.ROOT, "  %s %.1f%%", classNames.get(order[j]), 100 * p[order[j]]));
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static double[] softmax(float[] scores, int from, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, scores[from + j]);
        }
        double[] p = new double[n];
        double sum = 0;
        for (int j = 0; j < n; j++) {
            p[j] = Math.exp(scores[from + j] - max);
            sum += p[j];
        }
        for (int j = 0; j < n; j++) {
            p[j] /= sum;
        }
        return p;
    }
}
