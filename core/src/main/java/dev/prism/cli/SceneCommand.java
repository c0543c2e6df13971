package dev.prism.cli;

import dev.prism.data.hsi.Scene;
import dev.prism.data.hsi.SceneLoader;
import dev.prism.data.hsi.SceneRegistry;
import dev.prism.data.hsi.SyntheticScene;
import dev.prism.train.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prism scene}: scenes made for measuring, not for training. */
@Command(name = "scene", mixinStandardHelpOptions = true, description = "Make scenes for measuring Prism at scale.",
        subcommands = SceneCommand.Synth.class)
final class SceneCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Write a large ENVI cube made from a real scene, for measuring maps at size: the scene tiled by mirroring",
                "(no seam cuts a field), every value jittered by seeded noise, in the source's value type (bytes for the",
                "8-bit Indian Pines copy); its ground truth tiled the same way beside it (NAME_gt.hdr). Both headers say the",
                "data are synthetic. The cube is streamed to disk: memory does not grow with its size.",
                "",
                "Examples:",
                "  prism scene synth --rows 2900 --cols 2900 --out big/ip-2900.hdr                (about 1.7 GB, BIP)",
                "  prism scene synth --rows 1160 --cols 1160 --interleave bsq --out big/ip-1160-bsq.hdr",
                "  prism map --run runs/RUN --cube big/ip-2900.hdr --out big/map-2900"})
    static final class Synth implements Callable<Integer> {

        @Option(names = "--scene", defaultValue = "indian-pines", description = "Source scene (default: ${DEFAULT-VALUE}, the bundled 8-bit copy unless --data).")
        String scene;

        @Option(names = "--data", paramLabel = "DIR", description = "Folder with the source scene's files.")
        Path data;

        @Option(names = "--rows", required = true, description = "Rows of the new scene.")
        int rows;

        @Option(names = "--cols", required = true, description = "Columns of the new scene.")
        int cols;

        @Option(names = "--interleave", defaultValue = "bip", description = "bip, bil or bsq (default: ${DEFAULT-VALUE}).")
        SyntheticScene.Interleave interleave;

        @Option(names = "--jitter", defaultValue = "0.02", description = "Noise amplitude as a share of each band's standard deviation (default: ${DEFAULT-VALUE}; 0 = exact mirrored tiles).")
        double jitter;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the noise (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", required = true, paramLabel = "FILE.hdr", description = "The cube's header; the data go to FILE.img, the ground truth to FILE_gt.hdr/.img.")
        Path out;

        @Option(names = "--overwrite", description = "Replace a cube already at --out.")
        boolean overwrite;

        @Override
        public Integer call() throws Exception {
            if (rows < 1 || cols < 1) {
                throw new IllegalArgumentException("--rows and --cols must be at least 1, got " + rows + " x " + cols);
            }
            if (Files.exists(out) && !overwrite) {
                throw new IllegalArgumentException(out + " already exists: give another --out, or --overwrite to replace it");
            }
            SyntheticScene.Spec s = new SyntheticScene.Spec(rows, cols, interleave, jitter, seed);
            Scene source = data == null ? bundled() : SceneLoader.registered(SceneRegistry.get(scene), data);
            long bytes = SyntheticScene.cubeBytes(source, s);
            System.out.printf(Locale.ROOT, "%s (%d x %d x %d) -> %d x %d x %d, %s, %.2f GB%n", source.name(), source.rows(), source.cols(),
                    source.bands(), rows, cols, source.bands(), interleave.label(), bytes / 1e9);
            Progress bar = new Progress(System.out, "synth (lines)", SyntheticScene.lines(source, s));
            SyntheticScene.Written w = SyntheticScene.write(source, s, out, done -> bar.update(done, ""));
            System.out.println("cube: " + w.cubeHeader() + "\nground truth: " + w.groundTruthHeader());
            return 0;
        }

        private Scene bundled() throws java.io.IOException {
            if (!scene.equals("indian-pines")) {
                throw new IllegalArgumentException("--scene " + scene + " is not bundled: give --data DIR with its files");
            }
            return SceneLoader.bundled();
        }
    }
}
