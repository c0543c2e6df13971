package dev.prism.data.hsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.cli.CliRun;
import dev.prism.io.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large scenes from a real one: mirrored tiles, seeded jitter, the same numbers in every interleave, read back by Prism's ENVI reader. */
class SyntheticSceneTest {

    @TempDir
    Path dir;

    @Test
    void everyInterleaveHoldsTheSameCubeAndTheTilesMirrorTheSource() throws Exception {
        Scene ip = SceneLoader.bundled();
        float[] reference = null;
        for (SyntheticScene.Interleave i : SyntheticScene.Interleave.values()) {
            Path hdr = dir.resolve("s-" + i.label() + ".hdr");
            SyntheticScene.Written w = SyntheticScene.write(ip, new SyntheticScene.Spec(300, 170, i, 0.05, 9), hdr, null);
            assertThat(w.cubeBytes()).isEqualTo(300L * 170 * 200).isEqualTo(Files.size(dir.resolve("s-" + i.label() + ".img")));
            Tensor t = EnviReader.read(hdr);
            assertThat(t.shape()).containsExactly(300, 170, 200);
            if (reference == null) {
                reference = t.data();
            } else {
                assertThat(firstDifference(t.data(), reference)).as(i.label() + ": first value that differs from BIP's").isEqualTo(-1);
            }
            assertThat(Files.readString(hdr)).contains("SYNTHETIC, not real data").contains("interleave = " + i.label());
            // a block bounded in rows and columns, as a map's tile reads it, is the cube's crop
            try (RowBlocks rows = RowBlocks.open(hdr.toString(), System.out)) {
                float[] block = rows.read(37, 50, 11, 100);
                for (int r = 0; r < 50; r++) {
                    for (int c = 0; c < 100; c++) {
                        for (int b = 0; b < 200; b += 13) {
                            assertThat(block[(r * 100 + c) * 200 + b]).isEqualTo(reference[((37 + r) * 170 + 11 + c) * 200 + b]);
                        }
                    }
                }
                assertThatThrownBy(() -> rows.read(0, 1, 100, 71)).hasMessageContaining("columns 100..171 of a cube of 300 x 170");
                // the same block read into a larger buffer that held another block: its first values are the block's
                float[] into = rows.read(0, 60, 0, 100);
                rows.readInto(37, 50, 11, 100, into);
                assertThat(firstDifference(java.util.Arrays.copyOf(into, block.length), block)).as(i.label() + " readInto").isEqualTo(-1);
                assertThatThrownBy(() -> rows.readInto(37, 50, 11, 100, new float[50 * 100 * 200 - 1]))
                        .hasMessageContaining("a block of 50 x 100 x 200 values does not fit a buffer of 999999");
            }
        }
        // jitter 0.05 of a band's spread: values stay near their mirrored source
        int r = 200;
        int c = 160;
        int sr = 2 * 145 - 1 - r;
        int sc = 2 * 145 - 1 - c;
        double worst = 0;
        for (int b = 0; b < 200; b++) {
            worst = Math.max(worst, Math.abs(reference[(r * 170 + c) * 200 + b] - ip.cube()[(sr * 145 + sc) * 200 + b]));
        }
        assertThat(worst).isGreaterThan(0).isLessThan(20);
    }

    /** The index of the first value where {@code a} and {@code b} differ, -1 if none (AssertJ's array diff is quadratic). */
    private static int firstDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.length; i++) {
            if (Float.compare(a[i], b[i]) != 0) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void withoutJitterTheTilesAreExactMirrorsAndTheGroundTruthFollows() throws Exception {
        Scene ip = SceneLoader.bundled();
        Path hdr = dir.resolve("m.hdr");
        SyntheticScene.Written w = SyntheticScene.write(ip, new SyntheticScene.Spec(291, 146, SyntheticScene.Interleave.BIL, 0, 1), hdr, null);
        Scene s = SceneLoader.custom(hdr.toString(), w.groundTruthHeader().toString(), null);
        for (int b = 0; b < 200; b += 37) {
            assertThat(s.cube()[(290 * 146 + 145) * 200 + b]).isEqualTo(ip.cube()[(0 * 145 + 144) * 200 + b]);
            assertThat(s.cube()[(150 * 146 + 7) * 200 + b]).isEqualTo(ip.cube()[(139 * 145 + 7) * 200 + b]);
        }
        assertThat(s.groundTruth()[150 * 146 + 7]).isEqualTo(ip.groundTruth()[139 * 145 + 7]);
        assertThat(s.classNames()).hasSize(ip.classes());
    }

    @Test
    void theSameSeedGivesTheSameFileAndAnotherSeedAnother() throws Exception {
        Scene ip = SceneLoader.bundled();
        SyntheticScene.write(ip, new SyntheticScene.Spec(40, 40, SyntheticScene.Interleave.BIP, 0.02, 1), dir.resolve("a.hdr"), null);
        SyntheticScene.write(ip, new SyntheticScene.Spec(40, 40, SyntheticScene.Interleave.BIP, 0.02, 1), dir.resolve("b.hdr"), null);
        SyntheticScene.write(ip, new SyntheticScene.Spec(40, 40, SyntheticScene.Interleave.BIP, 0.02, 2), dir.resolve("c.hdr"), null);
        byte[] a = Files.readAllBytes(dir.resolve("a.img"));
        assertThat(Files.readAllBytes(dir.resolve("b.img"))).isEqualTo(a);
        assertThat(Files.readAllBytes(dir.resolve("c.img"))).isNotEqualTo(a);
    }

    @Test
    void theCommandChecksBeforeWritingAndRefusesToReplace() throws Exception {
        Path out = dir.resolve("cli/x.hdr");
        CliRun bad = CliRun.of("scene", "synth", "--rows", "0", "--cols", "5", "--out", out.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--rows and --cols must be at least 1, got 0 x 5");
        assertThat(dir.resolve("cli")).doesNotExist();
        CliRun jitter = CliRun.of("scene", "synth", "--rows", "5", "--cols", "5", "--jitter", "2", "--out", out.toString());
        assertThat(jitter.err()).contains("--jitter must be in [0, 1]");
        CliRun ok = CliRun.of("scene", "synth", "--rows", "20", "--cols", "30", "--interleave", "bsq", "--out", out.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(EnviReader.read(out).shape()).containsExactly(20, 30, 200);
        CliRun again = CliRun.of("scene", "synth", "--rows", "20", "--cols", "30", "--out", out.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("already exists");
        assertThatThrownBy(() -> SyntheticScene.write(SceneLoader.bundled(),
                new SyntheticScene.Spec(2, 2, SyntheticScene.Interleave.BIP, 0, 1), dir.resolve("x.img"), null))
                .hasMessageContaining("must end in .hdr");
    }
}
