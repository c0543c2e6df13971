package dev.prism.jobs;

import ai.djl.ndarray.NDManager;
import dev.prism.data.hsi.PatchSamples;
import dev.prism.data.hsi.Scene;
import dev.prism.io.AtomicFiles;
import dev.prism.io.EnviWriter;
import dev.prism.io.Tensor;
import dev.prism.models.ModelSpec;
import dev.prism.report.Images;
import dev.prism.train.Inference;
import dev.prism.train.Progress;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The classification map of any scene with a trained run's band layout: the run's own spectral
 * transform (never refitted), windows around every pixel, the run's network on the chosen engine.
 * Writes, into a new folder: {@code classification.dat/.hdr} (ENVI Classification: class numbers
 * 1..K, 0 unclassified, class names and colours in the header, as GDAL and QGIS read them),
 * {@code confidence.dat/.hdr} (float32, the top softmax probability), {@code counts.csv} (pixels per
 * class), {@code preview.png} (the map with its legend, downsampled to at most
 * {@value #PREVIEW_SIDE} pixels a side) and {@code provenance.json}.
 */
public final class MapJob {

    /** Longest side of the preview, in pixels of the map. */
    static final int PREVIEW_SIDE = 1200;

    /** What a map was made from, as {@code provenance.json} records it. */
    record MapConfig(String run, String scene, String engine) {}

    /** The figures of a finished map. */
    public record Result(int rows, int cols, long[] counts, double meanConfidence, double seconds, String engine) {}

    private MapJob() {}

    /**
     * Maps {@code cube} ((rows, cols, bands), row-major) named {@code sceneName} with the run in
     * {@code runDir} into {@code outDir} (new, or empty). The band count must be the training
     * scene's; everything is checked before the folder is written.
     */
    public static Result run(Path runDir, Tensor cube, String sceneName, String checksum, Path outDir, InferenceEngine engine,
            String command, PrintStream log) throws IOException {
        long t0 = System.nanoTime();
        Jobs.refuseFailed(runDir);
        if (RunFolder.isImageRun(runDir)) {
            throw new IllegalArgumentException(runDir + " is an image run: a scene map needs a hyperspectral run");
        }
        Classifier classifier = Classifier.load(runDir, log);
        Scene scene = check(cube, sceneName, checksum, classifier, outDir);
        Files.createDirectories(outDir);
        Jobs.writeProvenance(outDir, Provenance.of(new MapConfig(runDir.toAbsolutePath().toString(), sceneName, engine.label()), 0,
                sceneName, checksum, command), false);
        int window = classifier.options().window();
        PatchSamples samples = new PatchSamples(scene, classifier.transform().apply(scene.cube()), classifier.transform().channels(), window);
        log.printf(Locale.ROOT, "%s: %d x %d x %d, %d classes of %s (trained on %s), window %d, on %s%n", sceneName, scene.rows(),
                scene.cols(), scene.bands(), classifier.classNames().size(), classifier.model(), classifier.trainingScene(), window,
                engine.label());
        Inference.Classified map = classify(runDir, classifier, samples, engine, log);
        Result r = write(outDir, sceneName, classifier, scene, map, engine, (System.nanoTime() - t0) / 1e9);
        log.printf(Locale.ROOT, "mapped %d pixels in %.1f s, mean confidence %.3f: %s%n", scene.pixels(), r.seconds(), r.meanConfidence(),
                outDir.resolve("classification.hdr"));
        return r;
    }

    /** The scene to map, once everything that can be checked has been. */
    private static Scene check(Tensor cube, String name, String checksum, Classifier classifier, Path outDir) throws IOException {
        long[] s = cube.shape();
        if (s.length != 3) {
            throw new IllegalArgumentException(name + ": a scene is (rows, columns, bands), got shape " + cube.shapeString());
        }
        int bands = classifier.transform().bands();
        if (s[2] != bands) {
            throw new IllegalArgumentException(name + " has " + s[2] + " bands but the run was trained on " + bands + " ("
                    + classifier.trainingScene() + "): a scene must have its training scene's band layout");
        }
        int window = classifier.options().window();
        if (s[0] < window || s[1] < window) {
            throw new IllegalArgumentException(name + " is " + s[0] + " x " + s[1] + " pixels, smaller than the run's " + window + " x "
                    + window + " window");
        }
        if (Files.exists(outDir)) {
            try (var entries = Files.list(outDir)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(outDir + " is not empty: give a new folder for the map");
                }
            }
        }
        int pixels = Math.toIntExact(s[0] * s[1]);
        return new Scene(name, (int) s[0], (int) s[1], bands, cube.data(), new int[pixels], new int[0], List.of(), null, checksum);
    }

    private static Inference.Classified classify(Path runDir, Classifier classifier, PatchSamples samples, InferenceEngine engine,
            PrintStream log) throws IOException {
        Progress bar = new Progress(log, "map", samples.size());
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainedRun run = TrainedRun.load(runDir, manager);
            ModelSpec spec = Jobs.spec(classifier.model(), ModelSpec.Task.HSI);
            if (engine == InferenceEngine.DJL) {
                return ScenePrediction.classify(spec.freeze(manager, run.options(), run.block()), manager, samples,
                        ScenePrediction.STRIP_PIXELS, n -> bar.update(n, ""));
            }
            HsiConfig c = RunFolder.config(runDir, HsiConfig.class);
            Path checkpoint = dev.prism.train.TrainingLoop.evaluationCheckpoint(runDir, c.valFraction() > 0);
            try (dev.prism.onnx.OnnxRuntimeModel ort = RunOnnx.load(runDir, checkpoint, spec, run.options(), run.block(),
                    classifier.classNames(), manager, log)) {
                int[] all = java.util.stream.IntStream.range(0, samples.size()).toArray();
                return Inference.classify(ort, samples, all, ScenePrediction.WINDOW_BATCH, n -> bar.update(n, ""));
            }
        }
    }

    private static Result write(Path outDir, String sceneName, Classifier classifier, Scene scene, Inference.Classified map,
            InferenceEngine engine, double seconds) throws IOException {
        int k = classifier.classNames().size();
        byte[] values = new byte[scene.pixels()];
        long[] counts = new long[k];
        double confidence = 0;
        for (int p = 0; p < values.length; p++) {
            values[p] = (byte) (map.predicted()[p] + 1);
            counts[map.predicted()[p]]++;
            confidence += map.confidence()[p];
        }
        List<String> names = new ArrayList<>(List.of("Unclassified"));
        names.addAll(classifier.classNames());
        List<int[]> colours = new ArrayList<>();
        colours.add(new int[] {0, 0, 0});
        for (int i = 0; i < k; i++) {
            Color c = Images.color(i);
            colours.add(new int[] {c.getRed(), c.getGreen(), c.getBlue()});
        }
        String description = "Prism " + classifier.model() + " classification of " + sceneName;
        EnviWriter.classification(outDir.resolve("classification.dat"), description, scene.rows(), scene.cols(), values, names, colours);
        EnviWriter.floats(outDir.resolve("confidence.dat"), "top softmax probability of " + description, scene.rows(), scene.cols(),
                map.confidence(), "confidence");
        StringBuilder csv = new StringBuilder("class,name,pixels,share\n");
        for (int i = 0; i < k; i++) {
            csv.append(String.format(Locale.ROOT, "%d,\"%s\",%d,%.6f%n", i + 1, classifier.classNames().get(i).replace("\"", "'"), counts[i],
                    counts[i] / (double) values.length));
        }
        AtomicFiles.writeString(outDir.resolve("counts.csv"), csv.toString());
        preview(outDir.resolve("preview.png"), sceneName, classifier, scene, map.predicted());
        Result r = new Result(scene.rows(), scene.cols(), counts, confidence / values.length, seconds, engine.describe());
        Json.write(outDir.resolve("map.json"), r);
        return r;
    }

    /** The map with its legend, every {@code step}-th pixel so that no side exceeds {@link #PREVIEW_SIDE}. */
    private static void preview(Path file, String sceneName, Classifier classifier, Scene scene, int[] predicted) throws IOException {
        int step = (Math.max(scene.rows(), scene.cols()) + PREVIEW_SIDE - 1) / PREVIEW_SIDE;
        int rows = (scene.rows() + step - 1) / step;
        int cols = (scene.cols() + step - 1) / step;
        int[] small = new int[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                small[r * cols + c] = predicted[(r * step) * scene.cols() + c * step];
            }
        }
        Images.classMap(file, classifier.model() + " on " + sceneName + (step > 1 ? " (every " + step + "th pixel)" : ""), rows, cols,
                small, classifier.classNames());
    }
}
