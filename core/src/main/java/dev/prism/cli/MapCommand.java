package dev.prism.cli;

import dev.prism.data.hsi.RowBlocks;
import dev.prism.data.hsi.Scene;
import dev.prism.data.hsi.SceneLoader;
import dev.prism.data.hsi.SceneRegistry;
import dev.prism.io.Tensor;
import dev.prism.jobs.InferenceEngine;
import dev.prism.jobs.MapJob;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "map", mixinStandardHelpOptions = true,
        description = {
            "Classify every pixel of a scene with a trained hyperspectral run: the run's own PCA (never refitted), its window,",
            "its network. The scene must have the training scene's bands. Writes into a new folder: classification.dat/.hdr",
            "(ENVI Classification with class names and colours: GDAL and QGIS open it), confidence.dat/.hdr (float32, top",
            "softmax probability), counts.csv, preview.png, map.json and provenance.json.",
            "Examples:",
            "  prism map --run runs/hsi-indian_pines-hybridsn --cube flightline.hdr --out maps/flightline",
            "  prism map --run runs/hsi-indian_pines-hybridsn --scene indian-pines --out maps/ip --engine onnxruntime"})
final class MapCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--cube", paramLabel = "FILE[:KEY]", description = "The scene's cube (.mat v5/v7.3, .npy, ENVI .hdr), rows x cols x bands.")
        String cube;

        @Option(names = "--scene", paramLabel = "NAME", description = "A registered scene (with --data DIR, or the bundled Indian Pines copy).")
        String scene;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--data", paramLabel = "DIR", description = "With --scene: the folder of its standard files.")
    String data;

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "A finished hyperspectral run.")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new (or empty) folder for the map.")
    Path out;

    @picocli.CommandLine.Mixin
    EngineOption engine;

    @picocli.CommandLine.Mixin
    MasterOption master;

    @Option(names = "--tile-rows", defaultValue = "256", paramLabel = "N",
            description = "Rows of a tile, the part of the cube read and classified at a time (with a halo of half a window on"
                    + " every side): with --tile-cols it bounds memory, whatever the scene's size; the map is the same for any"
                    + " value. Default: ${DEFAULT-VALUE}.")
    int tileRows;

    @Option(names = "--tile-cols", defaultValue = "256", paramLabel = "N",
            description = "Columns of a tile (see --tile-rows). Default: ${DEFAULT-VALUE}.")
    int tileCols;

    @Override
    public Integer call() throws Exception {
        InferenceEngine e = engine.get();
        if (dev.prism.jobs.RunFolder.state(run) == dev.prism.jobs.RunFolder.State.EMPTY) {
            throw new IllegalArgumentException("--run " + run + ": no run there (the folder is empty or missing)");
        }
        if (data != null && source.scene == null) {
            throw new IllegalArgumentException("--data applies with --scene; --cube names its file itself");
        }
        if (tileRows < 1 || tileCols < 1) {
            throw new IllegalArgumentException("--tile-rows and --tile-cols must be >= 1, got " + tileRows + " and " + tileCols);
        }
        dev.prism.jobs.Cluster cluster = master.cluster();
        MapJob.Backend backend = cluster == null ? MapJob.IN_PROCESS : cluster.maps(master.master);
        String command = "prism " + String.join(" ", Main.currentArgs());
        try (Interrupted i = Interrupted.hint("the map was interrupted; tiles already written are kept and the same command continues it: "
                + command)) {
            return map(e, backend, command);
        }
    }

    private int map(InferenceEngine e, MapJob.Backend backend, String command) throws Exception {
        if (source.cube != null) {
            Path file = Path.of(SceneLoader.splitSpec(source.cube)[0]);
            try (RowBlocks cube = RowBlocks.open(source.cube, System.out)) {
                MapJob.run(run, cube, source.cube, file.getFileName().toString(), SceneLoader.checksum(file), RowBlocks.header(source.cube),
                        out, e, new MapJob.TileSize(tileRows, tileCols), backend, command, System.out);
            }
            return 0;
        }
        Scene s = data == null && source.scene.equals("indian-pines") ? SceneLoader.bundled()
                : SceneLoader.registered(SceneRegistry.get(source.scene), Path.of(requireData()));
        try (RowBlocks cube = RowBlocks.of(new Tensor(new long[] {s.rows(), s.cols(), s.bands()}, s.cube()))) {
            MapJob.run(run, cube, null, s.name(), s.checksum(), out, e, new MapJob.TileSize(tileRows, tileCols), backend, command, System.out);
        }
        return 0;
    }

    private String requireData() {
        if (data == null) {
            throw new IllegalArgumentException("--scene " + source.scene + " needs --data DIR (only indian-pines is bundled)");
        }
        return data;
    }
}
