package dev.prism.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.prism.data.hsi.EnviReader;
import dev.prism.data.hsi.TestScenes;
import dev.prism.io.Tensor;
import dev.prism.jobs.HsiConfig;
import dev.prism.jobs.HsiData;
import dev.prism.jobs.MapJob;
import dev.prism.jobs.RunFolder;
import dev.prism.jobs.TrainedRun;
import dev.prism.train.Inference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trained hyperspectral run maps scenes as a reusable classifier, into files a GIS opens. */
class MapCommandTest {

    @TempDir
    Path dir;

    @Test
    void aRunMapsASceneIntoEnviFilesWithItsOwnTransformOnEitherEngine() throws Exception {
        TestScenes.write(dir, 18, 20, 24, 3, 5);
        Path run = dir.resolve("run");
        CliRun trained = CliRun.of(TestScenes.trainArgs(dir, run, 2, 32).toArray(String[]::new));
        assertThat(trained.code()).as(trained.err()).isZero();
        assertThat(run.resolve("classifier.json")).isNotEmptyFile();

        Path map = dir.resolve("map");
        String cube = dir.resolve("cube.mat") + ":cube";
        CliRun r = CliRun.of("map", "--run", run.toString(), "--cube", cube, "--out", map.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, String> h = EnviReader.parseHeader(map.resolve("classification.hdr"));
        assertThat(h).containsEntry("file type", "ENVI Classification").containsEntry("classes", "4")
                .containsEntry("lines", "18").containsEntry("samples", "20");
        assertThat(h.get("class names")).isEqualTo("{ Unclassified, class 1, class 2, class 3 }");
        Tensor classes = EnviReader.read(map.resolve("classification.hdr"));
        Tensor confidence = EnviReader.read(map.resolve("confidence.hdr"));

        // the same labels as the run's network on the run's own preprocessing of the same cube
        HsiConfig c = RunFolder.config(run, HsiConfig.class);
        HsiData data = HsiData.prepare(c);
        int[] all = IntStream.range(0, data.scene().pixels()).toArray();
        int[] expected;
        try (NDManager m = NDManager.newBaseManager()) {
            expected = Inference.predictedClasses(dev.prism.engine.EngineCheck.check(), TrainedRun.load(run, m).block(), m, data.samples(), all);
        }
        for (int p = 0; p < all.length; p++) {
            assertThat((int) classes.data()[p]).as("pixel %d", p).isEqualTo(expected[p] + 1);
            assertThat(confidence.data()[p]).isBetween(1f / 3 - 1e-6f, 1f);
        }
        assertThat(Files.readAllLines(map.resolve("counts.csv"))).hasSize(4).first().isEqualTo("class,name,pixels,share");
        assertThat(map.resolve("preview.png")).isNotEmptyFile();
        assertThat(Files.readString(map.resolve("provenance.json"))).contains("cube.mat");
        // where the tiles' time went: every phase measured, together within the map's own time
        MapJob.Result result = dev.prism.jobs.Json.read(map.resolve("map.json"), MapJob.Result.class);
        MapJob.Phases t = result.tileSeconds();
        assertThat(List.of(t.read(), t.transform(), t.network(), t.write())).as("read, transform, network, write").allMatch(x -> x > 0);
        assertThat(t.read() + t.transform() + t.network() + t.write()).isLessThan(result.seconds());
        assertThat(r.out() + r.err()).contains("the tiles' time: read ");

        Path onOrt = dir.resolve("map-ort");
        CliRun ort = CliRun.of("map", "--run", run.toString(), "--cube", cube, "--out", onOrt.toString(), "--engine", "onnxruntime");
        assertThat(ort.code()).as(ort.err()).isZero();
        assertThat(Files.readAllBytes(onOrt.resolve("classification.dat"))).as("the same map on ONNX Runtime")
                .isEqualTo(Files.readAllBytes(map.resolve("classification.dat")));

        // a run from before classifier.json: rebuilt once from its training data
        Files.delete(run.resolve("classifier.json"));
        CliRun old = CliRun.of("map", "--run", run.toString(), "--cube", cube, "--out", dir.resolve("map-old").toString());
        assertThat(old.code()).as(old.err()).isZero();
        assertThat(old.out() + old.err()).contains("this run predates classifier.json");
        assertThat(run.resolve("classifier.json")).isNotEmptyFile();
        assertThat(Files.readAllBytes(dir.resolve("map-old/classification.dat"))).isEqualTo(Files.readAllBytes(map.resolve("classification.dat")));
    }

    @Test
    void aSceneOfAnotherBandLayoutIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path run = trainedRun(16, 16, 5);
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        TestScenes.write(other, 16, 16, 20, 3, 6);
        Path out = dir.resolve("map");
        CliRun r = CliRun.of("map", "--run", run.toString(), "--cube", other.resolve("cube.mat") + ":cube", "--out", out.toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_INPUT);
        assertThat(r.err()).contains("cube.mat has 20 bands but the run was trained on 24 (cube.mat): a scene must have its training"
                + " scene's band layout");
        assertThat(out).doesNotExist();
        Files.createDirectories(out.resolve("x"));
        CliRun full = CliRun.of("map", "--run", run.toString(), "--cube", dir.resolve("cube.mat") + ":cube", "--out", out.toString());
        assertThat(full.err()).contains(out + " is not empty and holds no interrupted map: give a new folder for the map");
    }

    /**
     * A map that stops (here its cube fails to read at the second tile) leaves a FAILED marker and
     * its finished tiles; the same map into the same folder continues it and ends with the bytes of
     * an uninterrupted map. A map of other settings there is refused, and a second writer is refused
     * while the folder is held, the holder named.
     */
    @Test
    void anInterruptedMapContinuesToTheSameBytesAndOneWriterHoldsTheFolder() throws Exception {
        Path run = trainedRun(23, 17, 7);
        Tensor cube = dev.prism.data.hsi.ArrayFiles.read(dir.resolve("cube.mat"), "cube");
        java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        dev.prism.jobs.InferenceEngine djl = dev.prism.jobs.InferenceEngine.DJL;
        Path ref = dir.resolve("uninterrupted");
        dev.prism.jobs.MapJob.Result whole = dev.prism.jobs.MapJob.run(run, dev.prism.data.hsi.RowBlocks.of(cube), "scene", "sum", ref, djl,
                NINE, "test", quiet);

        dev.prism.data.hsi.RowBlocks inner = dev.prism.data.hsi.RowBlocks.of(cube);
        // the values are checked in one pass of 6 tiles (3 x 2) first; the read of the map's second tile fails, as a disk or a kill would
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        dev.prism.data.hsi.RowBlocks failing = new dev.prism.data.hsi.RowBlocks() {
            @Override public int rows() { return inner.rows(); }
            @Override public int cols() { return inner.cols(); }
            @Override public int bands() { return inner.bands(); }
            @Override public float[] read(int first, int count, int firstCol, int colCount) throws java.io.IOException {
                if (reads.incrementAndGet() == 8) {
                    throw new java.io.IOException("the disk went away");
                }
                return inner.read(first, count, firstCol, colCount);
            }
            @Override public void close() {}
        };
        Path out = dir.resolve("continued");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.prism.jobs.MapJob.run(run, failing, "scene", "sum", out, djl, NINE, "test",
                quiet)).hasMessageContaining("the disk went away");
        assertThat(out.resolve("FAILED")).content().contains("the disk went away");
        assertThat(Files.readAllLines(out.resolve("tiles.jsonl"))).hasSize(1);

        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        dev.prism.jobs.MapJob.Result continued = dev.prism.jobs.MapJob.run(run, dev.prism.data.hsi.RowBlocks.of(cube), "scene", "sum", out, djl,
                NINE, "test", new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(log.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("continuing the interrupted map in " + out + ": 1 tiles already done");
        for (String f : java.util.List.of("classification.dat", "confidence.dat", "counts.csv", "classification.hdr", "preview.png")) {
            assertThat(Files.readAllBytes(out.resolve(f))).as(f).isEqualTo(Files.readAllBytes(ref.resolve(f)));
        }
        assertThat(continued.counts()).isEqualTo(whole.counts());
        assertThat(continued.meanConfidence()).isEqualTo(whole.meanConfidence());
        assertThat(out.resolve("FAILED")).doesNotExist();
        assertThat(out.resolve("tiles.jsonl")).doesNotExist();

        // the same folder holding an interrupted map of other settings: refused, the difference named
        Path other = dir.resolve("other");
        reads.set(0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.prism.jobs.MapJob.run(run, failing, "scene", "sum", other, djl, NINE, "test",
                quiet)).hasMessageContaining("the disk went away");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.prism.jobs.MapJob.run(run, dev.prism.data.hsi.RowBlocks.of(cube), "scene",
                "sum", other, djl, new dev.prism.jobs.MapJob.TileSize(12, 9), "test", quiet))
                .hasMessageContaining("holds an interrupted map of other settings (tileRows: 9");

        // one writer: while another holds the folder, a map there is refused and told who holds it
        Path held = dir.resolve("held");
        try (RunFolder holder = RunFolder.lock(held)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.prism.jobs.MapJob.run(run, dev.prism.data.hsi.RowBlocks.of(cube),
                    "scene", "sum", held, djl, NINE, "test", quiet)).hasMessageContaining(held + " is in use by another Prism run (process "
                            + ProcessHandle.current().pid() + " since ");
        }
        assertThat(Files.list(held).filter(p -> !p.getFileName().toString().equals(".lock")).count()).as("nothing written").isZero();
    }

    private static final dev.prism.jobs.MapJob.TileSize NINE = new dev.prism.jobs.MapJob.TileSize(9, 9);

    /** A value that is not finite in a cube to map is refused with its place named, as training refuses it, before anything is written. */
    @Test
    void aCubeWithNaNIsRefusedNamingThePixel() throws Exception {
        Path run = trainedRun(16, 16, 5);
        Path npy = TestScenes.npyWith(dir, dir.resolve("nan.npy"), 5, 3, 2, Float.NaN);
        Tensor cube = dev.prism.data.hsi.ArrayFiles.read(dir.resolve("cube.mat"), "cube");
        CliRun r = CliRun.of("map", "--run", run.toString(), "--cube", npy.toString(), "--out", dir.resolve("nan-map").toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains(npy + ": value NaN at row 5, column 3, band 2 (0-based); the cube must be finite everywhere");
        assertThat(dir.resolve("nan-map")).as("refused before anything is written").doesNotExist();
        // a band constant over the whole cube is mapped, and said
        float[] flat = cube.data().clone();
        for (int p = 0; p < 16 * 16; p++) {
            flat[p * 24 + 4] = 7;
        }
        Path constant = dir.resolve("const.npy");
        try (var o = Files.newOutputStream(constant)) {
            dev.prism.io.Npy.write(new Tensor(cube.shape(), flat), o);
        }
        CliRun c = CliRun.of("map", "--run", run.toString(), "--cube", constant.toString(), "--out", dir.resolve("const-map").toString());
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).contains("WARNING: band 4 (0-based) of const.npy is 7.0 everywhere: it carries no information");
    }

    /**
     * A scene of any number of pixels is mapped (the map is written tile by tile, each bounded in
     * rows and columns), but a tile must fit in one array: a tile 40 million columns wide is refused,
     * before anything is read or written, and the message says what to change.
     */
    @Test
    void aTileTooLargeForOneArrayIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path run = trainedRun(16, 16, 5);
        dev.prism.data.hsi.RowBlocks wide = new dev.prism.data.hsi.RowBlocks() {
            @Override public int rows() { return 3000; }
            @Override public int cols() { return 40_000_000; }
            @Override public int bands() { return 24; }
            @Override public float[] read(int first, int count, int firstCol, int colCount) {
                throw new AssertionError("nothing may be read");
            }
            @Override public void close() {}
        };
        Path out = dir.resolve("wide");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.prism.jobs.MapJob.run(run, wide, "wide", "-", out,
                dev.prism.jobs.InferenceEngine.DJL, new dev.prism.jobs.MapJob.TileSize(256, 40_000_000), "test", System.out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wide: a tile of 256 x 40000000 pixels (with its halo) of 24 bands holds")
                .hasMessageEndingWith("more than one array holds: use smaller tiles");
        assertThat(out).doesNotExist();
    }

    /**
     * The scene read tile by tile (each tile with its halo) gives the same map as read whole, and
     * the cube's file format (ENVI BIL big-endian int16, C-order .npy, HDF5 as MATLAB v7.3 stores
     * it, MATLAB v5) does not change a label.
     */
    @Test
    void tilesAndFileFormatsGiveTheSameMap() throws Exception {
        Path run = trainedRun(23, 17, 7);
        Tensor cube = dev.prism.data.hsi.ArrayFiles.read(dir.resolve("cube.mat"), "cube");
        byte[] whole = map(run, dir.resolve("cube.mat") + ":cube", "whole", "256");
        assertThat(map(run, dir.resolve("cube.mat") + ":cube", "tiles", "2")).as("tiles of 9 rows (the window) with halos").isEqualTo(whole);
        assertThat(map(run, dir.resolve("cube.mat") + ":cube", "squares", "2x2")).as("tiles of 9 x 9 (the window) with halos on every side")
                .isEqualTo(whole);
        assertThat(map(run, dir.resolve("cube.mat") + ":cube", "strips", "256x10")).as("tiles of 10 columns, a short last one").isEqualTo(whole);

        Path npy = dir.resolve("cube.npy");
        try (var out = Files.newOutputStream(npy)) {
            dev.prism.io.Npy.write(cube, out);
        }
        assertThat(map(run, npy.toString(), "npy", "10x11")).isEqualTo(whole);

        Path bil = dir.resolve("cube-bil.dat");
        writeBil(bil, cube);
        assertThat(map(run, bil.toString(), "bil", "10x11")).isEqualTo(whole);

        Path h5 = dir.resolve("cube73.mat");
        float[][][] matlab = new float[24][17][23]; // MATLAB's (rows, cols, bands) column-major, as HDF5 sees it
        for (int r = 0; r < 23; r++) {
            for (int c = 0; c < 17; c++) {
                for (int b = 0; b < 24; b++) {
                    matlab[b][c][r] = cube.data()[(r * 17 + c) * 24 + b];
                }
            }
        }
        try (io.jhdf.WritableHdfFile w = io.jhdf.HdfFile.write(h5)) {
            w.putDataset("cube", matlab);
        }
        assertThat(map(run, h5 + ":cube", "h5", "10x11")).isEqualTo(whole);
    }

    /**
     * A map of a georeferenced ENVI cube lies where the cube lies: GDAL reads the same geotransform
     * and coordinate system from the classification and the confidence as from the cube, and the
     * class names and colours with them.
     */
    @Test
    void aGeoreferencedCubeGivesAGeoreferencedMap() throws Exception {
        Path run = trainedRun(16, 16, 5);
        Tensor cube = dev.prism.data.hsi.ArrayFiles.read(dir.resolve("cube.mat"), "cube");
        Path bil = dir.resolve("cube-bil.dat");
        writeBil(bil, cube);
        Files.writeString(dir.resolve("cube-bil.hdr"), String.join("\n",
                "map info = {UTM, 1.000, 1.000, 499000.000, 4490000.000, 20.0000000000, 20.0000000000, 16, North, WGS-84, units=Meters}",
                "coordinate system string = {PROJCS[\"WGS_1984_UTM_Zone_16N\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID["
                        + "\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION["
                        + "\"Transverse_Mercator\"],PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0],PARAMETER["
                        + "\"Central_Meridian\",-87.0],PARAMETER[\"Scale_Factor\",0.9996],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]}")
                + "\n", java.nio.file.StandardOpenOption.APPEND);
        Path out = dir.resolve("geo-map");
        CliRun r = CliRun.of("map", "--run", run.toString(), "--cube", bil.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        com.google.gson.JsonObject in = gdalinfo(bil);
        assertThat(in.getAsJsonArray("geoTransform").toString().replace("-0.0", "0.0")).isEqualTo("[499000.0,20.0,0.0,4490000.0,0.0,-20.0]");
        for (String f : java.util.List.of("classification.dat", "confidence.dat")) {
            com.google.gson.JsonObject o = gdalinfo(out.resolve(f));
            assertThat(o.getAsJsonArray("geoTransform")).as(f).isEqualTo(in.getAsJsonArray("geoTransform"));
            assertThat(o.getAsJsonObject("coordinateSystem").get("wkt")).as(f).isEqualTo(in.getAsJsonObject("coordinateSystem").get("wkt"));
        }
        com.google.gson.JsonObject band = gdalinfo(out.resolve("classification.dat")).getAsJsonArray("bands").get(0).getAsJsonObject();
        assertThat(band.getAsJsonArray("categories").toString()).contains("Unclassified").contains("class 3");
    }

    /**
     * Where both the training cube's header and the new cube's give wavelengths, they must agree:
     * a cube whose bands lie elsewhere is refused before anything is written, its first differing
     * band named; the same wavelengths map.
     */
    @Test
    void aCubeWithOtherWavelengthsIsRefusedNamingTheBand() throws Exception {
        TestScenes.write(dir, 16, 16, 24, 3, 5);
        Tensor cube = dev.prism.data.hsi.ArrayFiles.read(dir.resolve("cube.mat"), "cube");
        Path train = dir.resolve("cube-bil.dat");
        writeBil(train, cube);
        StringBuilder w = new StringBuilder("wavelength units = Nanometers\nwavelength = {");
        for (int b = 0; b < 24; b++) {
            w.append(b == 0 ? "" : ", ").append(400 + 10 * b);
        }
        Files.writeString(dir.resolve("cube-bil.hdr"), w + "}\n", java.nio.file.StandardOpenOption.APPEND);
        Path run = dir.resolve("run");
        java.util.List<String> args = TestScenes.trainArgs(dir, run, 1, 32);
        args.set(args.indexOf(dir.resolve("cube.mat") + ":cube"), train.toString());
        CliRun trained = CliRun.of(args.toArray(String[]::new));
        assertThat(trained.code()).as(trained.err()).isZero();
        assertThat(Files.readString(run.resolve("classifier.json"))).contains("\"wavelengths\"");

        Path same = dir.resolve("same");
        assertThat(CliRun.of("map", "--run", run.toString(), "--cube", train.toString(), "--out", same.toString()).code()).isZero();
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        writeBil(other.resolve("cube-bil.dat"), cube);
        Files.writeString(other.resolve("cube-bil.hdr"), w.toString().replace(", 570", ", 575") + "}\n",
                java.nio.file.StandardOpenOption.APPEND);
        CliRun refused = CliRun.of("map", "--run", run.toString(), "--cube", other.resolve("cube-bil.dat").toString(), "--out",
                dir.resolve("refused").toString());
        assertThat(refused.code()).isEqualTo(Main.EXIT_INPUT);
        assertThat(refused.err()).contains("cube-bil.dat: band 17 (0-based) is at 575.0 Nanometers, the run's training scene had it at 570.0");
        assertThat(dir.resolve("refused")).doesNotExist();
    }

    /** {@code gdalinfo -json} of a raster (Debian's gdal-bin, which .ci/run installs). */
    private static com.google.gson.JsonObject gdalinfo(Path file) throws Exception {
        dev.prism.testing.Child c = dev.prism.testing.Child.run(new ProcessBuilder("gdalinfo", "-json", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD), java.time.Duration.ofSeconds(60));
        assertThat(c.code()).as("gdalinfo %s: %s", file, c.out()).isZero();
        return com.google.gson.JsonParser.parseString(c.out()).getAsJsonObject();
    }

    /** HybridSN trained for one epoch on a test scene of {@code rows} x {@code cols} x 24 bands, 3 classes, written into {@code dir}. */
    private Path trainedRun(int rows, int cols, long seed) throws Exception {
        TestScenes.write(dir, rows, cols, 24, 3, seed);
        Path run = dir.resolve("run");
        CliRun trained = CliRun.of(TestScenes.trainArgs(dir, run, 1, 32).toArray(String[]::new));
        assertThat(trained.code()).as(trained.err()).isZero();
        return run;
    }

    /** The map's labels, in tiles of {@code tile} ({@code ROWS} or {@code ROWSxCOLS}). */
    private byte[] map(Path run, String cube, String name, String tile) throws Exception {
        Path out = dir.resolve("maps").resolve(name);
        String[] t = tile.split("x");
        CliRun r = CliRun.of("map", "--run", run.toString(), "--cube", cube, "--out", out.toString(), "--tile-rows", t[0], "--tile-cols",
                t.length > 1 ? t[1] : "256");
        assertThat(r.code()).as(r.err()).isZero();
        return Files.readAllBytes(out.resolve("classification.dat"));
    }

    /** An ENVI BIL image of big-endian int16 values (the test cube's values are whole numbers). */
    private static void writeBil(Path dat, Tensor cube) throws Exception {
        int rows = (int) cube.shape()[0];
        int cols = (int) cube.shape()[1];
        int bands = (int) cube.shape()[2];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(rows * cols * bands * 2).order(java.nio.ByteOrder.BIG_ENDIAN);
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < bands; k++) {
                for (int c = 0; c < cols; c++) {
                    b.putShort((short) cube.data()[(r * cols + c) * bands + k]);
                }
            }
        }
        Files.write(dat, b.array());
        Files.writeString(dir(dat).resolve("cube-bil.hdr"), String.join("\n", "ENVI", "samples = " + cols, "lines = " + rows,
                "bands = " + bands, "header offset = 0", "data type = 2", "interleave = bil", "byte order = 1") + "\n");
    }

    private static Path dir(Path file) {
        return file.toAbsolutePath().getParent();
    }
}
