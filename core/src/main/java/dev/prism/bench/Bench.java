package dev.prism.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.prism.jobs.HsiConfig;
import dev.prism.jobs.HsiJob;
import dev.prism.train.ProcessMemory;
import dev.prism.jobs.Provenance;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelRegistry;
import dev.prism.models.ModelSpec;
import dev.prism.engine.EngineCheck;
import dev.prism.engine.EngineConfig;
import dev.prism.train.ArraySamples;
import dev.prism.train.EpochRecord;
import dev.prism.train.Inference;
import dev.prism.train.Recipe;
import dev.prism.train.Samples;
import dev.prism.train.TrainConfig;
import dev.prism.train.FitListener;
import dev.prism.train.TrainingLoop;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * {@code prism bench}: the figures users compare against PyTorch eager, measured after warm-up
 * through the same code paths the product uses (the {@link TrainingLoop} with its per-step memory
 * scopes and batch prefetching, {@link Block#forward} in inference mode, {@link HsiJob#run}).
 * {@code bench/peer.py} measures the same list in PyTorch under the same ids.
 */
public final class Bench {

    /** A training measurement: a network of the zoo at its input shape. */
    record TrainCase(String model, ModelOptions options) {}

    /**
     * An inference measurement: a network at one input resolution (image side, or window for a
     * hyperspectral network), written {@code MODEL@SIZE} in measurement ids and ONNX file names.
     *
     * @param model a built-in model's name
     * @param size its input side or window
     */
    public record InferCase(String model, int size) {
        /** The case {@code MODEL@SIZE} names, e.g. {@code mobilenet-v2@224}. */
        public static InferCase parse(String id) {
            int at = id.indexOf('@');
            if (at < 0) {
                throw new IllegalArgumentException("an inference case is MODEL@SIZE (e.g. mobilenet-v2@224), got '" + id + "'");
            }
            return new InferCase(id.substring(0, at), Integer.parseInt(id.substring(at + 1)));
        }

        /** The network's options: ImageNet's classes for the MobileNets, Indian Pines' 16 classes and 30 components for HybridSN. */
        ModelOptions options(ModelSpec spec) {
            return spec.task() == ModelSpec.Task.HSI ? ModelOptions.defaults().withClasses(16).withBands(30).withWindow(size)
                    : ModelOptions.defaults().withClasses(INFER_CLASSES).withInputSize(size);
        }

        /** The built-in network measured. */
        public ModelSpec spec() {
            return ModelRegistry.builtIn().get(model);
        }

        /** The network's options, resolved by its spec. */
        public ModelOptions resolvedOptions() {
            ModelSpec spec = spec();
            return spec.resolve(options(spec));
        }

        /** The input shape of a batch of {@code batch} samples. */
        public long[] inputShape(int batch) {
            return spec().inputShape(resolvedOptions(), batch).getShape();
        }

        /** Prism's ONNX export of the network with its seed-1 initial weights, as the bench runs it. */
        public byte[] prismExport(NDManager manager) throws IOException {
            return export(spec(), resolvedOptions(), manager);
        }

        static byte[] export(ModelSpec spec, ModelOptions o, NDManager manager) throws IOException {
            return dev.prism.onnx.OnnxExport.export(spec, o, spec.create(manager, o, 1), List.of(), Map.of());
        }
    }

    /** How one inference measurement runs: Prism on DJL, Prism's export in ONNX Runtime, or another exporter's file in ONNX Runtime. */
    enum Runner {
        DJL(""),
        ORT("-ort"),
        ORT_TORCH("-ort-torch");

        final String suffix;

        Runner(String suffix) {
            this.suffix = suffix;
        }
    }

    // model | options (classes, input)
    static final List<TrainCase> TRAIN = List.of(
            new TrainCase("se-resnet18", ModelOptions.defaults().withClasses(10)),
            new TrainCase("hybridsn", ModelOptions.defaults().withClasses(16).withBands(30).withWindow(25)),
            new TrainCase("mobilenet-v2-cifar", ModelOptions.defaults().withClasses(10)));

    /**
     * The options the training benchmark runs {@code model} with: its case's above, else those of
     * a 10-class 32x32 image model (as bench/profile/TrainProfile.java uses them).
     */
    public static ModelOptions trainOptions(String model) {
        return TRAIN.stream().filter(c -> c.model().equals(model)).map(TrainCase::options).findFirst()
                .orElse(ModelOptions.defaults().withClasses(10));
    }

    static final List<String> INFER_MODELS = List.of("mobilenet-v1", "mobilenet-v2", "mobilenet-v3-large", "mobilenet-v3-small");

    /** ImageNet's 1,000 classes, as torchvision's MobileNets have by default. */
    static final int INFER_CLASSES = 1000;
    /** Untimed forward passes before timing: at least this many, and for at least {@link #WARMUP_SECONDS}. */
    static final int WARMUP_PASSES = 3;
    /** Seconds of untimed forward passes before timing (none in quick mode); bench/peer.py uses the same rule. */
    static final double WARMUP_SECONDS = 1.0;

    /** The report: every figure plus where it came from. */
    public record Report(String tool, int threads, boolean quick, Provenance provenance, List<Measurement> results) {}

    private final BenchConfig config;
    private final EngineConfig engine;
    private final PrintStream log;
    private final ModelRegistry registry = ModelRegistry.available();

    /** A benchmark of {@code config} on {@code engine} (the engine self-check's result, {@link EngineCheck#check()}). */
    public Bench(BenchConfig config, EngineConfig engine, PrintStream log) {
        this.config = config;
        this.engine = engine;
        this.log = log;
    }

    static List<InferCase> inferCases(boolean quick) {
        List<Integer> sizes = quick ? List.of(32) : List.of(224, 32);
        List<InferCase> out = new ArrayList<>();
        for (int size : sizes) {
            for (String m : INFER_MODELS) {
                out.add(new InferCase(m, size));
            }
        }
        out.add(new InferCase("hybridsn", quick ? 11 : 25));
        return out;
    }

    /** The runners the configuration asks for, for {@code c}: another exporter's only where its file exists. */
    private List<Runner> runners(InferCase c) {
        List<Runner> out = new ArrayList<>();
        if (config.engines().contains(dev.prism.jobs.InferenceEngine.DJL)) {
            out.add(Runner.DJL);
        }
        if (config.engines().contains(dev.prism.jobs.InferenceEngine.ONNXRUNTIME)) {
            out.add(Runner.ORT);
        }
        if (config.onnxDir() != null && Files.isRegularFile(torchOnnx(c))) {
            out.add(Runner.ORT_TORCH);
        }
        return out;
    }

    private Path torchOnnx(InferCase c) {
        return config.onnxDir().resolve(c.model() + "@" + c.size() + ".onnx");
    }

    public Report run(String command) throws IOException {
        List<Measurement> results = new ArrayList<>();
        if (config.sections().contains(BenchConfig.Section.TRAIN)) {
            for (TrainCase c : TRAIN) {
                results.add(report(train(c)));
            }
        }
        if (config.sections().contains(BenchConfig.Section.INFER)) {
            for (InferCase c : inferCases(config.quick())) {
                for (Runner r : runners(c)) {
                    results.add(report(latency(c, r)));
                    results.add(report(throughput(c, r)));
                }
            }
        }
        if (config.sections().contains(BenchConfig.Section.JOB)) {
            results.add(report(job()));
        }
        int threads = Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads",
                Integer.toString(java.lang.Runtime.getRuntime().availableProcessors())));
        return new Report("prism", threads, config.quick(), Provenance.of(config, 1, "synthetic tensors; bundled Indian Pines for the job",
                "", command, engine), results);
    }

    private Measurement report(Measurement m) {
        log.printf(Locale.ROOT, "%-34s %10.2f %-9s (min %.2f, max %.2f, n=%d)%s%n", m.id(), m.median(), m.unit(), m.min(), m.max(),
                m.values().length, m.peakRssMiB() >= 0 ? ", peak " + m.peakRssMiB() + " MiB" : "");
        return m;
    }

    private static long[] sampleShape(ModelSpec spec, ModelOptions o) {
        long[] s = spec.inputShape(o, 1).getShape();
        return java.util.Arrays.copyOfRange(s, 1, s.length);
    }

    private String precisionPrefix(String section) {
        return section + (config.precision() == TrainConfig.Precision.BF16 ? "-bf16/" : "/");
    }

    /** Training samples/s per repeat: one warm-up epoch, then {@code repeats} epochs of {@code trainSteps} steps. */
    Measurement train(TrainCase c) throws IOException {
        ModelSpec spec = registry.get(c.model());
        ModelOptions o = spec.resolve(c.options());
        long[] shape = sampleShape(spec, o);
        int n = BenchConfig.BATCH * config.trainSteps();
        Samples data = ArraySamples.random(shape, o.classes(), n, 7);
        TrainConfig t = TrainConfig.builder().optEpochs(1 + config.repeats()).optBatchSize(BenchConfig.BATCH).optSeed(1)
                .optPrecision(config.precision()).build();
        Path dir = Files.createTempDirectory("prism-bench-");
        ProcessMemory.resetPeak();
        try (NDManager manager = NDManager.newBaseManager(config.device().device())) {
            Block block = spec.create(manager, o, 1);
            TrainingLoop.Result r = TrainingLoop.builder(engine, block, manager, t).optRunDir(dir)
                    .addListeners(FitListener.Defaults.quiet(t)).build().fit(data, dev.prism.train.Partition.of(IntStream.range(0, n).toArray(), new int[0]));
            List<EpochRecord> timed = r.history().subList(1, r.history().size());
            double[] v = timed.stream().mapToDouble(EpochRecord::samplesPerSecond).toArray();
            Map<String, Object> extra = new LinkedHashMap<>(Map.of("optimizer", "adam", "steps_per_repeat", config.trainSteps()));
            double steps = (double) timed.size() * config.trainSteps();
            extra.put("data_ms_per_step", perStepMs(timed, EpochRecord::dataSeconds, steps));
            extra.put("forward_ms_per_step", perStepMs(timed, EpochRecord::forwardSeconds, steps));
            extra.put("backward_ms_per_step", perStepMs(timed, EpochRecord::backwardSeconds, steps));
            extra.put("optimizer_ms_per_step", perStepMs(timed, EpochRecord::optimizerSeconds, steps));
            // bf16 runs under their own ids, as the peer's autocast ones, never mixed with fp32 figures
            return Measurement.of(precisionPrefix("train") + c.model(), c.model(), BenchConfig.BATCH, shape, "samples/s", v, ProcessMemory.peakRssMiB(), extra);
        } finally {
            dev.prism.io.FileTrees.delete(dir);
        }
    }

    private static double perStepMs(List<EpochRecord> epochs, java.util.function.ToDoubleFunction<EpochRecord> phase, double steps) {
        return Math.round(1e5 * epochs.stream().mapToDouble(phase).sum() / steps) / 100.0;
    }

    /** Batch-1 latency in milliseconds, one value per forward pass. */
    Measurement latency(InferCase c, Runner r) throws IOException {
        double[] v = forwardTimes(c, 1, config.latencyIterations(), r);
        for (int i = 0; i < v.length; i++) {
            v[i] *= 1e3;
        }
        return Measurement.of("latency-b1" + r.suffix + "/" + c.model() + "@" + c.size(), c.model(), 1, sampleShape(c), "ms", v,
                ProcessMemory.peakRssMiB(), Map.of());
    }

    /** Batch-64 inference throughput, one value per forward pass. */
    Measurement throughput(InferCase c, Runner r) throws IOException {
        double[] v = forwardTimes(c, BenchConfig.BATCH, config.repeats(), r);
        for (int i = 0; i < v.length; i++) {
            v[i] = BenchConfig.BATCH / v[i];
        }
        return Measurement.of("throughput-b64" + r.suffix + "/" + c.model() + "@" + c.size(), c.model(), BenchConfig.BATCH,
                sampleShape(c), "samples/s", v, ProcessMemory.peakRssMiB(), Map.of());
    }

    private long[] sampleShape(InferCase c) {
        ModelSpec spec = registry.get(c.model());
        return sampleShape(spec, spec.resolve(c.options(spec)));
    }

    /**
     * Seconds of each timed forward pass in inference mode. Each pass creates its input from a Java
     * array and runs in its own sub-manager, as {@link Inference} does (and as the peer builds its
     * input with {@code torch.from_numpy}). Untimed passes warm up first: at least
     * {@value #WARMUP_PASSES} and for at least {@value #WARMUP_SECONDS} s (the peer's rule too): three
     * passes left the JVM's just-in-time compiler mid-way at batch 1, where a pass takes milliseconds.
     */
    private double[] forwardTimes(InferCase c, int batch, int iterations, Runner runner) throws IOException {
        ModelSpec spec = registry.get(c.model());
        ModelOptions o = spec.resolve(c.options(spec));
        long[] shape = spec.inputShape(o, batch).getShape();
        float[] x = ArraySamples.gaussian(new Random(3), Math.toIntExact(spec.inputShape(o, batch).size()));
        ProcessMemory.resetPeak();
        double[] out = new double[iterations];
        try (NDManager manager = NDManager.newBaseManager(config.device().device());
                dev.prism.train.Scorer scorer = scorer(runner, c, spec, o, manager)) {
            long warmUntil = System.nanoTime() + (config.quick() ? 0 : (long) (WARMUP_SECONDS * 1e9));
            for (int i = -WARMUP_PASSES; i < iterations; i++) {
                if (i == 0 && System.nanoTime() < warmUntil) {
                    i = -1; // still warming up
                }
                long t0 = System.nanoTime();
                scorer.scores(x, shape);
                if (i >= 0) {
                    out[i] = (System.nanoTime() - t0) / 1e9;
                }
            }
        }
        return out;
    }

    /**
     * The network of {@code c} on {@code runner}: the frozen copy on DJL (each pass creates its
     * input from a Java array in its own sub-manager, as {@link Inference} does, and as the peer
     * builds its input with {@code torch.from_numpy}); its ONNX export in ONNX Runtime; or another
     * exporter's ONNX file in ONNX Runtime. Every ONNX Runtime session has the machine's cores as
     * intra-op threads, as DJL has.
     */
    private dev.prism.train.Scorer scorer(Runner runner, InferCase c, ModelSpec spec, ModelOptions o, NDManager manager) throws IOException {
        int threads = java.lang.Runtime.getRuntime().availableProcessors();
        switch (runner) {
            case DJL:
                return Inference.scorer(engine, spec.freeze(manager, o, spec.create(manager, o, 1)), manager);
            case ORT: {
                return new dev.prism.onnx.OnnxRuntimeModel(InferCase.export(spec, o, manager), threads);
            }
            default: {
                return new dev.prism.onnx.OnnxRuntimeModel(Files.readAllBytes(torchOnnx(c)), threads);
            }
        }
    }

    /**
     * The whole hyperspectral job on the bundled Indian Pines copy: load, PCA 30 with whitening,
     * 30% stratified split, {@code jobEpochs} epochs of HybridSN, test evaluation, every map.
     * Quick mode shrinks it (window 11, 10 training pixels per class) to a smoke test.
     */
    Measurement job() throws IOException {
        TrainConfig t = TrainConfig.builder(Recipe.HSI.config()).optEpochs(config.jobEpochs()).optPrecision(config.precision()).build();
        int window = config.quick() ? 11 : 25;
        double train = config.quick() ? 10 : 0.3;
        HsiConfig c = new HsiConfig("indian-pines", null, null, null, null, "hybridsn", 30, true, dev.prism.data.hsi.PcaFit.ALL, window,
                dev.prism.data.hsi.SplitProtocol.RANDOM, train, 0,
                t, config.device(), null, 0, 0, null);
        Path dir = Files.createTempDirectory("prism-bench-job-");
        ProcessMemory.resetPeak();
        try {
            long t0 = System.nanoTime();
            HsiJob.Result r = HsiJob.run(c, dir, false, "prism bench (job)", log);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("epochs", config.jobEpochs());
            extra.put("window", window);
            extra.put("oa", r.test().oa());
            extra.put("train_seconds", r.trainSeconds());
            return Measurement.of(precisionPrefix("job") + "hybridsn-indian-pines", "hybridsn", t.run().batchSize(), new long[] {1, 30, window, window}, "s",
                    new double[] {seconds}, ProcessMemory.peakRssMiB(), extra);
        } finally {
            dev.prism.io.FileTrees.delete(dir);
            log.println("bench: the job's temporary run folder " + dir + " was deleted (run `prism train --task hsi` to keep one)");
        }
    }

}
