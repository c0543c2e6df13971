package dev.prism.jobs;

import dev.prism.engine.EngineCheck;
import dev.prism.engine.EngineConfig;
import ai.djl.ndarray.NDManager;
import dev.prism.data.hsi.PatchSamples;
import dev.prism.nn.MallocPolicy;
import dev.prism.data.hsi.RowBlocks;
import dev.prism.data.hsi.Scene;
import dev.prism.io.ChannelSlices;
import dev.prism.io.EnviWriter;
import dev.prism.models.ModelSpec;
import dev.prism.train.Inference;
import dev.prism.train.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The classification map of any scene with a trained run's band layout: the run's own spectral
 * transform (never refitted), windows around every pixel, the run's network on the chosen engine.
 * Writes, into a new folder: {@code classification.dat/.hdr} (ENVI Classification: class numbers
 * 1..K, 0 unclassified, class names and colours in the header, as GDAL and QGIS read them),
 * {@code confidence.dat/.hdr} (float32, the top softmax probability), {@code counts.csv} (pixels per
 * class), {@code preview.png} (the map with its legend, downsampled to at most
 * {@value #PREVIEW_SIDE} pixels a side), {@code map.json} and {@code provenance.json}.
 *
 * <p>The cube is read a tile at a time ({@link RowBlocks}), a tile bounded in rows and in columns
 * ({@link TileSize}), so that memory does not grow with the scene's width or height: each tile
 * carries a halo of window / 2 rows and columns on every side, so that every pixel's window is
 * exactly the one the whole scene gives it, and the tiled map equals the untiled one label for
 * label. Each tile's labels and confidences are written straight into the map files at their
 * pixels ({@code *.dat.partial} until
 * the last tile is in, then renamed), so neither the cube nor the map is ever held whole, and a
 * tile classified twice (a retried task) writes the same bytes again. Where the tiles are
 * classified is a {@link Backend}: this process ({@link #IN_PROCESS}), or the executors of a Spark
 * cluster (module {@code prism-spark}), which return nothing but class counts.
 */
public final class MapJob {

    static final int PREVIEW_SIDE = 1200;

    /** Rows and columns of a tile (before its halo): what bounds a map's memory; the map is the same for any size. */
    public record TileSize(int rows, int cols) implements Serializable {
        /** 256 x 256: a tile of a 200-band cube with a window-25 halo is about 63 MB of floats. */
        public static final TileSize DEFAULT = new TileSize(256, 256);

        /** Checks both sides. */
        public TileSize {
            if (rows < 1 || cols < 1) {
                throw new IllegalArgumentException("a tile must be at least 1 x 1 pixels, got " + rows + " x " + cols);
            }
        }

        /** At least {@code window} on each side, so that a tile's part of the scene holds a whole window. */
        TileSize atLeast(int window) {
            return new TileSize(Math.max(rows, window), Math.max(cols, window));
        }

        /** The tiles of a {@code sceneRows} x {@code sceneCols} scene, row by row of tiles, each left to right. */
        List<Tile> over(int sceneRows, int sceneCols) {
            List<Tile> out = new ArrayList<>();
            for (int first = 0; first < sceneRows; first += rows) {
                for (int firstCol = 0; firstCol < sceneCols; firstCol += cols) {
                    out.add(new Tile(first, Math.min(rows, sceneRows - first), firstCol, Math.min(cols, sceneCols - firstCol)));
                }
            }
            return out;
        }
    }

    /** What a map was made from, as {@code provenance.json} records it. */
    record MapConfig(String run, String scene, String cube, String engine, String backend, TileSize tile) {}

    /**
     * A finished map: its size, pixels per class, mean confidence, time, the engine that classified it, and where the
     * tiles' time went (summed over tiles, so over every executor of a Spark map).
     */
    public record Result(int rows, int cols, long[] counts, double meanConfidence, double seconds, String engine, Phases tileSeconds) {}

    /**
     * Seconds spent on tiles, by phase: reading the cube, the run's transform (PCA or band standardisation) with the
     * windows' samples, the network, and writing the map's rows. What bounds a map's throughput, and Prism's own
     * share of it (everything but the network).
     */
    public record Phases(double read, double transform, double network, double write) implements Serializable {
        public static final Phases ZERO = new Phases(0, 0, 0, 0);

        /** The two added. */
        public Phases plus(Phases o) {
            return new Phases(read + o.read, transform + o.transform, network + o.network, write + o.write);
        }

        /** For the log, e.g. {@code read 1.2 s, transform 0.8 s, network 30.1 s, write 0.1 s}. */
        public String describe() {
            return String.format(Locale.ROOT, "read %.1f s, transform %.1f s, network %.1f s, write %.1f s", read, transform, network, write);
        }
    }

    /** Rows {@code [first, first + count)} and columns {@code [firstCol, firstCol + colCount)} of the scene. */
    public record Tile(int first, int count, int firstCol, int colCount) implements Serializable {
        /** Pixels of the tile. */
        public long pixels() {
            return (long) count * colCount;
        }
    }

    /**
     * Everything needed to classify a map's tiles in any process, as plain values: the run folder,
     * the cube ({@code FILE[:KEY]}, readable in part), the output folder, the scene's size, the
     * run's class count, the tile's size, and the engine asked for.
     */
    public record Plan(String runDir, String cube, String sceneName, String outDir, int rows, int cols, int classes, TileSize tile,
            InferenceEngine engine, dev.prism.io.Georeference geo) implements Serializable {

        /** The tiles, row by row of tiles, each left to right. */
        public List<Tile> tiles() {
            return tile.over(rows, cols);
        }

        Path labels() {
            return Path.of(outDir).resolve("classification.dat.partial");
        }

        Path confidences() {
            return Path.of(outDir).resolve("confidence.dat.partial");
        }
    }

    /**
     * Pixels per class and the sum of their confidences, of one tile or many, and how results
     * describe the engine that classified them ({@code auto} resolved; null for no tile): all a
     * worker returns.
     */
    public record Counts(long[] perClass, double confidenceSum, String engine, Phases seconds) implements Serializable {

        /** A tile journaled by a version that did not time tiles reads back without seconds: they count as zero. */
        public Counts {
            seconds = seconds == null ? Phases.ZERO : seconds;
        }

        /** No pixels of {@code classes} classes. */
        public static Counts zero(int classes) {
            return new Counts(new long[classes], 0, null, Phases.ZERO);
        }

        /** The two added (the engine of whichever has one). */
        public Counts plus(Counts o) {
            long[] c = perClass.clone();
            for (int i = 0; i < c.length; i++) {
                c[i] += o.perClass[i];
            }
            return new Counts(c, confidenceSum + o.confidenceSum, engine != null ? engine : o.engine, seconds.plus(o.seconds));
        }

        long pixels() {
            return Arrays.stream(perClass).sum();
        }
    }

    /** Where a map's tiles are classified. */
    public interface Backend {
        /** For the log and the provenance, e.g. {@code this process} or {@code spark local[2]}. */
        String describe();

        /** Whether it classifies in this process, so that a cube held in memory can be read as it is. */
        boolean inProcess();

        /**
         * Classifies every tile of {@code plan} into its map files and returns the summed counts.
         * {@code cube} is the plan's cube opened in this process (used by an in-process backend).
         */
        Counts map(Plan plan, RowBlocks cube, Progress bar, PrintStream log) throws IOException;
    }

    /** Tile after tile in this process. */
    public static final Backend IN_PROCESS = new Backend() {
        @Override
        public String describe() {
            return "this process";
        }

        @Override
        public boolean inProcess() {
            return true;
        }

        @Override
        public Counts map(Plan plan, RowBlocks cube, Progress bar, PrintStream log) throws IOException {
            return MapJob.inProcess(plan, cube, EngineCheck.check(), bar, log, null);
        }
    };

    private MapJob() {}

    /**
     * Maps the cube {@code cube} (rows, columns, bands) named {@code sceneName} with the run in
     * {@code runDir} into {@code outDir} (new, or empty), a tile of {@code tile} at a time, in this
     * process. The band count must be the training scene's; everything is checked before the folder
     * is written.
     */
    public static Result run(Path runDir, RowBlocks cube, String sceneName, String checksum, Path outDir, InferenceEngine engine,
            TileSize tile, String command, PrintStream log) throws IOException {
        return run(runDir, cube, null, sceneName, checksum, outDir, engine, tile, IN_PROCESS, command, log);
    }

    /**
     * As {@link #run(Path, RowBlocks, String, String, Path, InferenceEngine, TileSize, String, PrintStream)},
     * on {@code backend}. {@code cubeSpec} is the cube's {@code FILE[:KEY]} when it is a file
     * (null for a cube in memory); a backend outside this process is given a file it can read in
     * part, made in the output folder when the cube is in memory or MATLAB v5, and removed afterwards.
     */
    public static Result run(Path runDir, RowBlocks cube, String cubeSpec, String sceneName, String checksum, Path outDir,
            InferenceEngine engine, TileSize tile, Backend backend, String command, PrintStream log) throws IOException {
        return run(runDir, cube, cubeSpec, sceneName, checksum, dev.prism.io.CubeHeader.NONE, outDir, engine, tile, backend, command,
                log);
    }

    /**
     * As {@link #run(Path, RowBlocks, String, String, String, Path, InferenceEngine, TileSize, Backend, String, PrintStream)}, the
     * cube's header ({@code header}) checked and carried: its wavelengths must be the training scene's where both are known,
     * and its georeferencing goes into the map's ENVI headers, since the map has the scene's pixel grid (the preview is a
     * figure with a title and legend, not a raster, and carries none).
     */
    public static Result run(Path runDir, RowBlocks cube, String cubeSpec, String sceneName, String checksum, dev.prism.io.CubeHeader header,
            Path outDir, InferenceEngine engine, TileSize tileSize, Backend backend, String command, PrintStream log) throws IOException {
        long t0 = System.nanoTime();
        dev.prism.io.Georeference geo = header.geo();
        Jobs.refuseFailed(runDir);
        if (RunFolder.isImageRun(runDir)) {
            throw new IllegalArgumentException(runDir + " is an image run: a scene map needs a hyperspectral run");
        }
        Classifier classifier = Classifier.load(runDir, log);
        int window = classifier.options().window();
        TileSize tile = tileSize.atLeast(window);
        check(cube, sceneName, classifier, tile);
        header.checkBands(classifier.wavelengths(), sceneName);
        scanValues(cube, sceneName, tile, log);
        // one writer per map folder: the lock is taken before the folder is looked at, so two maps never both start there
        try (RunFolder folder = RunFolder.lock(outDir)) {
            MapJournal journal = MapJournal.open(outDir, new MapJournal.Key(runDir.toAbsolutePath().toString(), checksum, sceneName,
                    engine.label(), tile.rows(), tile.cols(), cube.rows(), cube.cols(), classifier.classNames().size()), log);
            try {
                return map(runDir, cube, cubeSpec, sceneName, checksum, geo, outDir, engine, tile, backend, command, log, t0, classifier,
                        journal);
            } catch (IOException | RuntimeException e) {
                folder.fail(e);
                log.println("the map stopped; the same command continues it (finished tiles are kept): " + command);
                throw e;
            }
        }
    }

    private static Result map(Path runDir, RowBlocks cube, String cubeSpec, String sceneName, String checksum, dev.prism.io.Georeference geo,
            Path outDir, InferenceEngine engine, TileSize tile, Backend backend, String command, PrintStream log, long t0, Classifier classifier,
            MapJournal journal) throws IOException {
        String spec = cubeSpec == null ? null : absolute(cubeSpec);
        // the network computes in this process only with an in-process backend; elsewhere each executor checks its own machine
        EngineConfig here = backend.inProcess() ? EngineCheck.check() : null;
        Jobs.writeProvenance(outDir, Provenance.of(new MapConfig(runDir.toAbsolutePath().toString(), sceneName, spec, engine.label(),
                backend.describe(), tile), 0, sceneName, checksum, command, here), journal.resumed());
        Path copy = null;
        if (!backend.inProcess() && (spec == null || !RowBlocks.readableInPart(spec))) {
            copy = RowBlocks.copyToEnvi(cube, outDir.toAbsolutePath().resolve("cube.tmp.dat"));
            spec = copy.toString();
        }
        Plan plan = new Plan(runDir.toAbsolutePath().toString(), spec, sceneName, outDir.toAbsolutePath().toString(), cube.rows(),
                cube.cols(), classifier.classNames().size(), tile, engine, geo);
        log.printf(Locale.ROOT, "%s: %d x %d x %d, %d classes of %s (trained on %s), window %d, %d tiles of %d x %d pixels, on %s%n",
                sceneName, cube.rows(), cube.cols(), cube.bands(), plan.classes(), classifier.model(), classifier.trainingScene(),
                classifier.options().window(), plan.tiles().size(), tile.rows(), tile.cols(), backend.describe());
        if (!journal.resumed() || !Files.isRegularFile(plan.labels()) || !Files.isRegularFile(plan.confidences())) {
            MapFiles.allocate(plan);
        }
        Progress bar = new Progress(log, "map", (long) cube.rows() * cube.cols());
        Counts counts = backend.inProcess() ? inProcess(plan, cube, here, bar, log, journal) : backend.map(plan, cube, bar, log);
        if (copy != null) {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(EnviWriter.header(copy));
        }
        String engineUsed = backend.inProcess() ? counts.engine() : counts.engine() + " on " + backend.describe();
        Result r = MapFiles.finish(plan, classifier, counts, engineUsed, (System.nanoTime() - t0) / 1e9);
        journal.finish();
        log.printf(Locale.ROOT, "mapped %d pixels in %.1f s, mean confidence %.3f: %s%n", (long) cube.rows() * cube.cols(), r.seconds(),
                r.meanConfidence(), outDir.resolve("classification.hdr"));
        log.printf(Locale.ROOT, "the tiles' time%s: %s%n", backend.inProcess() ? "" : ", summed over the executors", r.tileSeconds().describe());
        return r;
    }

    /**
     * Tile after tile in this process, each recorded in the journal (when there is one) once its
     * rows are written; tiles the journal has as done are skipped.
     */
    private static Counts inProcess(Plan plan, RowBlocks cube, EngineConfig config, Progress bar, PrintStream log, MapJournal journal)
            throws IOException {
        Counts total = Counts.zero(plan.classes());
        TileMapper mapper = null;
        long done = 0;
        try {
            for (Tile t : plan.tiles()) {
                Counts c = journal == null ? null : journal.done(t);
                if (c == null) {
                    mapper = mapper != null ? mapper : new TileMapper(plan, cube, config, log);
                    c = mapper.map(t);
                    if (journal != null) {
                        journal.record(t, c);
                    }
                }
                total = total.plus(c);
                done += t.pixels();
                bar.update(done, "");
            }
        } finally {
            if (mapper != null) {
                mapper.close();
            }
        }
        return total;
    }

    /** {@code FILE[:KEY]} with the file's absolute path, for processes with another working folder. */
    private static String absolute(String spec) throws IOException {
        String[] p = dev.prism.data.hsi.SceneLoader.splitSpec(spec);
        return Path.of(p[0]).toAbsolutePath() + (p[1] == null ? "" : ":" + p[1]);
    }

    /** Checks the cube against the run before anything is written. */
    private static void check(RowBlocks cube, String name, Classifier classifier, TileSize tile) {
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
        // the map is written tile by tile, so the scene may have any number of pixels; one tile with its halo must fit in one array
        long tileValues = ((long) Math.min(tile.rows(), cube.rows()) + window) * (Math.min(tile.cols(), cube.cols()) + window)
                * Math.max(cube.bands(), classifier.transform().channels());
        if (tileValues > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + ": a tile of " + tile.rows() + " x " + tile.cols() + " pixels (with its halo) of "
                    + cube.bands() + " bands holds " + tileValues + " values, more than one array holds: use smaller tiles");
        }
    }

    /**
     * Reads the whole cube once, before anything is written: a value that is not finite is refused
     * with its pixel and band named; a band constant over the whole scene (a dead detector, a
     * zeroed absorption band) is reported, since the run's transform will give it no information
     * to work with. It reads rows of a tile's columns, about 1 MB at a time, into one buffer: a
     * tile-sized array per read made the garbage collector grow the heap of a Spark map's driver
     * with the scene's size, and a fresh array per read still grew it for the scan's seconds.
     */
    static void scanValues(RowBlocks cube, String name, TileSize tile, PrintStream log) throws IOException {
        int b = cube.bands();
        float[] min = new float[b];
        float[] max = new float[b];
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        float[] block = new float[0];
        for (Tile t : tile.over(cube.rows(), cube.cols())) {
            int step = Math.max(1, SCAN_VALUES / (t.colCount() * b));
            for (int first = t.first(); first < t.first() + t.count(); first += step) {
                int count = Math.min(step, t.first() + t.count() - first);
                int n = count * t.colCount() * b;
                block = block.length >= n ? block : new float[n];
                cube.readInto(first, count, t.firstCol(), t.colCount(), block);
                for (int i = 0; i < n; i++) {
                    float v = block[i];
                    if (!Float.isFinite(v)) {
                        int p = i / b;
                        throw new IllegalArgumentException(name + ": value " + v + " at row " + (first + p / t.colCount()) + ", column "
                                + (t.firstCol() + p % t.colCount()) + ", band " + (i % b) + " (0-based); the cube must be finite everywhere");
                    }
                    min[i % b] = Math.min(min[i % b], v);
                    max[i % b] = Math.max(max[i % b], v);
                }
            }
        }
        for (int k = 0; k < b; k++) {
            if (min[k] == max[k]) {
                log.printf(Locale.ROOT, "WARNING: band %d (0-based) of %s is %s everywhere: it carries no information; check the file%n",
                        k, name, min[k]);
            }
        }
    }

    /** Values per read of {@link #scanValues}: 1 MB of floats, below G1's humongous-object size. */
    private static final int SCAN_VALUES = 1 << 18;

    /**
     * One process's classifier for a plan's tiles: the run's network loaded once, each tile
     * classified and written into the map files at its rows.
     */
    public static final class TileMapper implements AutoCloseable {
        private final Plan plan;
        private final RowBlocks cube;
        private final boolean ownsCube;
        private final Mapper mapper;

        /**
         * The plan's network, reading tiles from {@code cube} (the plan's cube opened by the caller),
         * computing on {@code config}: the engine self-check's result in this process.
         */
        public TileMapper(Plan plan, RowBlocks cube, EngineConfig config, PrintStream log) throws IOException {
            this(plan, cube, false, config, log);
        }

        private TileMapper(Plan plan, RowBlocks cube, boolean ownsCube, EngineConfig config, PrintStream log) throws IOException {
            this.plan = plan;
            this.cube = cube;
            this.ownsCube = ownsCube;
            Path run = Path.of(plan.runDir());
            this.mapper = new Mapper(config, run, Classifier.load(run, log), plan.engine(), log);
        }

        /** The plan's network reading the plan's cube file itself (in a process other than the one that made the plan). */
        public static TileMapper opening(Plan plan, EngineConfig config, PrintStream log) throws IOException {
            RowBlocks cube = RowBlocks.open(plan.cube(), log);
            try {
                return new TileMapper(plan, cube, true, config, log);
            } catch (IOException | RuntimeException e) {
                cube.close();
                throw e;
            }
        }

        /** Classifies {@code t}, writes its pixels of the map (a run of each of its rows), and returns its counts. */
        public Counts map(Tile t) throws IOException {
            long t0 = System.nanoTime();
            Mapper.Part part = mapper.read(cube, t);
            long t1 = System.nanoTime();
            PatchSamples samples = mapper.transform(part, plan.sceneName());
            long t2 = System.nanoTime();
            Inference.Classified c = mapper.classify(samples, part, t);
            long t3 = System.nanoTime();
            byte[] labels = new byte[c.predicted().length];
            long[] counts = new long[plan.classes()];
            double confidence = 0;
            for (int p = 0; p < labels.length; p++) {
                labels[p] = (byte) (c.predicted()[p] + 1);
                counts[c.predicted()[p]]++;
                confidence += c.confidence()[p];
            }
            ByteBuffer conf = ByteBuffer.allocate(c.confidence().length * 4).order(ByteOrder.LITTLE_ENDIAN);
            conf.asFloatBuffer().put(c.confidence());
            writeRows(plan.labels(), t, 1, ByteBuffer.wrap(labels));
            writeRows(plan.confidences(), t, 4, conf);
            // memory freed by the tile goes back to the kernel: with the retain policy a Spark executor's resident memory grew
            // tile after tile (725 x 725 in 64-pixel tiles: 0.9 to 1.8 GB, flat at 0.8 GB with glibc's defaults); a tile
            // takes seconds, faulting its memory in again a fraction of one
            Phases seconds = new Phases((t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (System.nanoTime() - t3) / 1e9);
            MallocPolicy.trim();
            return new Counts(counts, confidence, mapper.description, seconds);
        }

        /** {@code data} (the tile's pixels, row-major, {@code width} bytes each) into {@code file} at the tile's place in the scene. */
        private void writeRows(Path file, Tile t, int width, ByteBuffer data) throws IOException {
            int run = t.colCount() * width;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                for (int r = 0; r < t.count(); r++) {
                    ByteBuffer row = data.duplicate().position(r * run).limit((r + 1) * run);
                    ChannelSlices.write(ch, row, ((long) (t.first() + r) * plan.cols() + t.firstCol()) * width);
                }
                ch.force(false);
            }
        }

        @Override
        public void close() throws IOException {
            mapper.close();
            if (ownsCube) {
                cube.close();
            }
        }
    }

    /** The run's network on the engine scene maps use, classifying tile after tile. */
    private static final class Mapper implements AutoCloseable {
        private final Classifier classifier;
        private final NDManager manager = NDManager.newBaseManager();
        private final SceneClassifier scenes;
        final String description;

        Mapper(EngineConfig config, Path runDir, Classifier classifier, InferenceEngine engine, PrintStream log) throws IOException {
            this.classifier = classifier;
            TrainedRun run = TrainedRun.load(runDir, manager);
            this.scenes = new SceneClassifier(config, runDir, run.checkpoint(), Jobs.spec(classifier.model(), ModelSpec.Task.HSI), run.options(),
                    run.block(), classifier.classNames(), engine, manager, log);
            this.description = scenes.description;
        }

        /** A tile's values read with its halo: {@code rows} and {@code cols} are the spans read ({@code [from, to)}). */
        record Part(float[] block, int[] rows, int[] cols, int bands) {}

        /** One tile's pixels, read with a halo of window / 2 rows and columns (fewer at the scene's edges). */
        Part read(RowBlocks cube, Tile t) throws IOException {
            int window = classifier.options().window();
            int[] rows = span(t.first(), t.count(), cube.rows(), window);
            int[] cols = span(t.firstCol(), t.colCount(), cube.cols(), window);
            return new Part(cube.read(rows[0], rows[1] - rows[0], cols[0], cols[1] - cols[0]), rows, cols, cube.bands());
        }

        /** The part's windows as the network takes them: the run's own transform applied. */
        PatchSamples transform(Part p, String name) {
            int height = p.rows[1] - p.rows[0];
            int width = p.cols[1] - p.cols[0];
            Scene scene = new Scene(name, height, width, p.bands, p.block, new int[height * width], new int[0], List.of(), null, "");
            return new PatchSamples(scene, classifier.transform().apply(p.block), classifier.transform().channels(), classifier.options().window());
        }

        /** The tile's own pixels (the halo is context only). */
        Inference.Classified classify(PatchSamples samples, Part p, Tile t) {
            return scenes.rectangle(samples, t.first() - p.rows[0], t.count(), t.firstCol() - p.cols[0], t.colCount(), null);
        }

        /**
         * {@code [from, to)} of one axis of {@code size} to read for {@code count} pixels from {@code first}: a halo of
         * window / 2 on both sides, cut at the scene's edges; a short last tile reaches further back, so that its part holds
         * a whole window.
         */
        private static int[] span(int first, int count, int size, int window) {
            int halo = window / 2;
            int to = Math.min(size, first + count + halo);
            return new int[] {Math.max(0, Math.min(first - halo, to - window)), to};
        }

        @Override
        public void close() {
            scenes.close();
            manager.close();
        }
    }
}
