package dev.prism.data.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Writes CIFAR binary files in the exact official layout, with learnable content (class k: a bright band). */
public final class TestImages {

    private TestImages() {}

    /** A CIFAR-10 record of class {@code label}: background noise with a bright horizontal band at rows 3k..3k+2 in one channel. */
    static byte[] record(int label, Random rng) {
        byte[] r = new byte[1 + 3072];
        r[0] = (byte) label;
        for (int i = 1; i < r.length; i++) {
            r[i] = (byte) rng.nextInt(80);
        }
        int channel = label % 3;
        for (int y = 3 * label; y < 3 * label + 3; y++) {
            for (int x = 0; x < 32; x++) {
                r[1 + channel * 1024 + y * 32 + x] = (byte) 230;
            }
        }
        return r;
    }

    /** data_batch_1..5.bin ({@code perBatch} records each) and test_batch.bin ({@code test} records), 10 classes. */
    public static void writeCifar10(Path dir, int perBatch, int test, long seed) throws IOException {
        Random rng = new Random(seed);
        Files.createDirectories(dir);
        for (int b = 1; b <= 6; b++) {
            int n = b <= 5 ? perBatch : test;
            byte[] all = new byte[n * 3073];
            for (int i = 0; i < n; i++) {
                System.arraycopy(record(i % 10, rng), 0, all, i * 3073, 3073);
            }
            Files.write(dir.resolve(b <= 5 ? "data_batch_" + b + ".bin" : "test_batch.bin"), all);
        }
    }
}
