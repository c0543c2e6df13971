package dev.prism.jobs;

import ai.djl.ndarray.NDManager;
import dev.prism.data.hsi.PatchSamples;
import dev.prism.data.hsi.RowBlocks;
import dev.prism.data.hsi.Scene;
import dev.prism.io.AtomicFiles;
import dev.prism.io.EnviWriter;
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
 *
 * <p>The cube is read a tile of rows at a time ({@link RowBlocks}): each tile carries a halo of
 * window / 2 rows above and below, so that every pixel's window is exactly the one the whole scene
 * gives it, and the tiled map equals the untiled one label for label. Only one tile of the cube is in
 * memory at a time; the map itself (5 bytes a pixel) is held whole.
 */
public final class MapJob {

    /** Longest side of the preview, in pixels of the map. */
    static final int PREVIEW_SIDE = 1200;

    /** What a map was made from, as {@code provenance.json} records it. */
    record MapConfig(String run, String scene, String engine) {}

    /** The figures of a finished map. */
    public record Result(int rows, int cols, long[] counts, double meanConfidence, double seconds, String engine) {}

    private MapJob() {}

    /** Rows per tile when a caller does not choose. */
    public static final int TILE_ROWS = 256;

    /**
     * Maps the cube {@code cube} (rows, columns, bands) named {@code sceneName} with the run in
     * {@code runDir} into {@code outDir} (new, or empty), {@code tileRows} rows at a time. The band
     * count must be the training scene's; everything is checked before the folder is written.
     */
    public static Result run(Path runDir, RowBlocks cube, String sceneName, String checksum, Path outDir, InferenceEngine engine,
            int tileRows, String command, PrintStream log) throws IOException {
        long t0 = System.nanoTime();
        Jobs.refuseFailed(runDir);
        if (RunFolder.isImageRun(runDir)) {
            throw new IllegalArgumentException(runDir + " is an image run: a scene map needs a hyperspectral run");
        }
        Classifier classifier = Classifier.load(runDir, log);
        check(cube, sceneName, classifier, outDir);
        int window = classifier.options().window();
        int tile = Math.max(tileRows, window);
        Files.createDirectories(outDir);
        Jobs.writeProvenance(outDir, Provenance.of(new MapConfig(runDir.toAbsolutePath().toString(), sceneName, engine.label()), 0,
                sceneName, checksum, command), false);
        log.printf(Locale.ROOT, "%s: %d x %d x %d, %d classes of %s (trained on %s), window %d, tiles of %d rows, on %s%n", sceneName,
                cube.rows(), cube.cols(), cube.bands(), classifier.classNames().size(), classifier.model(), classifier.trainingScene(),
                window, tile, engine.label());
        Inference.Classified map;
        String engineUsed;
        try (Mapper mapper = new Mapper(runDir, classifier, engine, log)) {
            engineUsed = mapper.description;
            map = mapper.tiles(cube, sceneName, tile, new Progress(log, "map", (long) cube.rows() * cube.cols()));
        }
        Scene shape = new Scene(sceneName, cube.rows(), cube.cols(), cube.bands(), new float[0], new int[0], new int[0], List.of(), null,
                checksum);
        Result r = write(outDir, sceneName, classifier, shape, map, engineUsed, (System.nanoTime() - t0) / 1e9);
        log.printf(Locale.ROOT, "mapped %d pixels in %.1f s, mean confidence %.3f: %s%n", (long) cube.rows() * cube.cols(), r.seconds(),
                r.meanConfidence(), outDir.resolve("classification.hdr"));
        return r;
    }

    /** Checks the cube against the run and the output folder before anything is written. */
    private static void check(RowBlocks cube, String name, Classifier classifier, Path outDir) throws IOException {
        int bands = classifier.transform().bands();
        if (cube.bands() != bands) {
            throw new IllegalArgumentException(name + " has " + cube.bands() + " bands but the run was trained on " + bands + " ("
                    + classifier.trainingScene() + "): a scene must have its training scene's band layout");
        }
        int window = classifier.options().window();
        if (cube.rows() < window || cube.cols() < window) {
            throw new IllegalArgumentException(name + " is " + cube.rows() + " x " + cube.cols() + " pixels, smaller than the run's "
                    + window + " x " + window + " window");
        }
        if ((long) cube.rows() * cube.cols() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + " has " + (long) cube.rows() * cube.cols() + " pixels: more than one map holds;"
                    + " split the scene");
        }
        if (RunFolder.state(outDir) != RunFolder.State.EMPTY) {
            throw new IOException(outDir + " is not empty: give a new folder for the map");
        }
    }

    /** The run's network on one engine, classifying tile after tile. */
    private static final class Mapper implements AutoCloseable {
        private final Classifier classifier;
        private final InferenceEngine engine;
        final String description;
        private final NDManager manager = NDManager.newBaseManager();
        private final ai.djl.nn.Block frozen;
        private final dev.prism.onnx.OnnxRuntimeModel ort;

        Mapper(Path runDir, Classifier classifier, InferenceEngine engine, PrintStream log) throws IOException {
            this.classifier = classifier;
            TrainedRun run = TrainedRun.load(runDir, manager);
            ModelSpec spec = Jobs.spec(classifier.model(), ModelSpec.Task.HSI);
            EngineChoice.Decision d = MapEngines.resolve(engine, spec, run.options(), run.block(), manager, log);
            this.engine = d.engine();
            this.description = d.description();
            if (this.engine == InferenceEngine.DJL) {
                frozen = spec.freeze(manager, run.options(), run.block());
                ort = null;
            } else {
                HsiConfig c = RunFolder.config(runDir, HsiConfig.class);
                Path checkpoint = dev.prism.train.TrainingLoop.evaluationCheckpoint(runDir, c.valFraction() > 0);
                frozen = null;
                ort = RunOnnx.load(runDir, checkpoint, spec, run.options(), run.block(), classifier.classNames(), manager, log);
            }
        }

        /** Every pixel, tile by tile; each tile read with a halo of window / 2 rows (fewer at the scene's edges). */
        Inference.Classified tiles(RowBlocks cube, String name, int tile, Progress bar) throws IOException {
            int rows = cube.rows();
            int cols = cube.cols();
            int halo = classifier.options().window() / 2;
            int[] labels = new int[rows * cols];
            float[] confidence = new float[rows * cols];
            for (int first = 0; first < rows; first += tile) {
                int count = Math.min(tile, rows - first);
                int to = Math.min(rows, first + count + halo);
                // a short last tile reaches further up, so that its part holds a whole window of rows
                int from = Math.max(0, Math.min(first - halo, to - classifier.options().window()));
                float[] block = cube.read(from, to - from);
                Scene part = new Scene(name, to - from, cols, cube.bands(), block, new int[(to - from) * cols], new int[0], List.of(), null, "");
                PatchSamples samples = new PatchSamples(part, classifier.transform().apply(block), classifier.transform().channels(),
                        classifier.options().window());
                int skip = (first - from) * cols;
                int[] inner = java.util.stream.IntStream.range(skip, skip + count * cols).toArray();
                Inference.Classified c = classify(samples, inner);
                System.arraycopy(c.predicted(), 0, labels, first * cols, count * cols);
                System.arraycopy(c.confidence(), 0, confidence, first * cols, count * cols);
                bar.update((long) (first + count) * cols, "");
            }
            return new Inference.Classified(labels, confidence);
        }

        /** The tile's inner pixels: on DJL the network slides over the whole tile (halo included); ONNX Runtime classifies the inner windows. */
        private Inference.Classified classify(PatchSamples samples, int[] inner) {
            if (engine == InferenceEngine.DJL) {
                Inference.Classified all = ScenePrediction.classify(frozen, manager, samples, ScenePrediction.STRIP_PIXELS, null);
                return new Inference.Classified(java.util.Arrays.copyOfRange(all.predicted(), inner[0], inner[0] + inner.length),
                        java.util.Arrays.copyOfRange(all.confidence(), inner[0], inner[0] + inner.length));
            }
            return Inference.classify(ort, samples, inner, ScenePrediction.WINDOW_BATCH, null);
        }

        @Override
        public void close() {
            if (ort != null) {
                ort.close();
            }
            manager.close();
        }
    }

    private static Result write(Path outDir, String sceneName, Classifier classifier, Scene scene, Inference.Classified map,
            String engine, double seconds) throws IOException {
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
        Result r = new Result(scene.rows(), scene.cols(), counts, confidence / values.length, seconds, engine);
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
