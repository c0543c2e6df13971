package dev.prism.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.data.hsi.RowBlocks;
import dev.prism.data.hsi.SceneLoader;
import dev.prism.data.hsi.SyntheticScene;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check of every value before a map: it reads the whole scene through one buffer, so what it
 * allocates does not grow with the scene (a Spark map's driver did, with a fresh array per read).
 */
class ScanValuesTest {

    @TempDir
    Path dir;

    @Test
    void aWholeSceneIsScannedThroughOneBuffer() throws Exception {
        for (SyntheticScene.Interleave interleave : SyntheticScene.Interleave.values()) {
            Path hdr = dir.resolve("scene-" + interleave.label() + ".hdr");
            SyntheticScene.write(SceneLoader.bundled(), new SyntheticScene.Spec(400, 300, interleave, 0.05, 3), hdr, null);
            long floatBytes = 400L * 300 * 200 * Float.BYTES;
            try (RowBlocks cube = RowBlocks.open(hdr.toString(), System.out)) {
                ByteArrayOutputStream log = new ByteArrayOutputStream();
                MapJob.scanValues(cube, "scene", MapJob.TileSize.DEFAULT, new PrintStream(log, true)); // warms up the code
                long before = allocated();
                MapJob.scanValues(cube, "scene", MapJob.TileSize.DEFAULT, new PrintStream(log, true));
                long bytes = allocated() - before;
                // one buffer of about 1 MB and a row of bytes, against 96 MB of floats read and more in byte buffers before
                assertThat(bytes).as(interleave.label() + ": bytes allocated by a scan of " + floatBytes + " bytes of floats")
                        .isLessThan(floatBytes / 20);
                assertThat(log.toString()).as("no band of the synthetic scene is constant").doesNotContain("WARNING");
            }
        }
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
