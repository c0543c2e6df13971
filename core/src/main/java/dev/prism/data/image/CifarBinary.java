package dev.prism.data.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 and CIFAR-100 in their official binary versions (https://www.cs.toronto.edu/~kriz/cifar.html):
 * CIFAR-10 records are 1 label byte + 3,072 pixel bytes (1,024 red, 1,024 green, 1,024 blue, each
 * 32x32 row-major) in {@code data_batch_1.bin} .. {@code data_batch_5.bin} and
 * {@code test_batch.bin}; CIFAR-100 records are 2 label bytes (coarse, fine; the fine label is
 * used) + 3,072 in {@code train.bin} and {@code test.bin}.
 */
public final class CifarBinary {

    public static final List<String> CIFAR10_CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");

    private static final int PIXELS = 3072;

    private CifarBinary() {}

    /** True when {@code dir} holds CIFAR-10 or CIFAR-100 binary files. */
    public static boolean isCifarDir(Path dir) {
        return Files.isRegularFile(dir.resolve("data_batch_1.bin")) || Files.isRegularFile(dir.resolve("train.bin"));
    }

    /** The training or test split from {@code dir}. */
    public static ImageSet read(Path dir, boolean train) throws IOException {
        boolean c10 = Files.exists(dir.resolve("data_batch_1.bin")) || Files.exists(dir.resolve("test_batch.bin"));
        List<Path> files = new ArrayList<>();
        if (c10) {
            if (train) {
                for (int i = 1; i <= 5; i++) {
                    files.add(dir.resolve("data_batch_" + i + ".bin"));
                }
            } else {
                files.add(dir.resolve("test_batch.bin"));
            }
        } else {
            files.add(dir.resolve(train ? "train.bin" : "test.bin"));
        }
        int labelBytes = c10 ? 1 : 2;
        int classes = c10 ? 10 : 100;
        int record = labelBytes + PIXELS;
        List<byte[]> chunks = new ArrayList<>();
        int total = 0;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new IOException("CIFAR file missing: " + f);
            }
            long size = Files.size(f);
            if (size == 0 || size % record != 0) {
                throw new IOException(f + ": " + size + " bytes is not a whole number of " + record + "-byte CIFAR-" + classes
                        + " records (truncated or not a CIFAR binary file)");
            }
            byte[] b = Files.readAllBytes(f);
            chunks.add(b);
            total += b.length / record;
        }
        byte[] pixels = new byte[total * PIXELS];
        int[] labels = new int[total];
        int n = 0;
        for (int c = 0; c < chunks.size(); c++) {
            byte[] b = chunks.get(c);
            for (int r = 0; r < b.length / record; r++, n++) {
                int base = r * record;
                int label = Byte.toUnsignedInt(b[base + labelBytes - 1]);
                if (label >= classes) {
                    throw new IOException(files.get(c) + ": record " + r + " has label " + label + ", outside 0.." + (classes - 1));
                }
                labels[n] = label;
                // planar RGB -> interleaved HWC
                for (int p = 0; p < 1024; p++) {
                    pixels[n * PIXELS + p * 3] = b[base + labelBytes + p];
                    pixels[n * PIXELS + p * 3 + 1] = b[base + labelBytes + 1024 + p];
                    pixels[n * PIXELS + p * 3 + 2] = b[base + labelBytes + 2048 + p];
                }
            }
        }
        List<String> names = c10 ? CIFAR10_CLASSES : numbered(100);
        return new ImageSet(pixels, labels, 32, 32, names, dir.toString());
    }

    private static List<String> numbered(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("class " + i);
        }
        return out;
    }
}
