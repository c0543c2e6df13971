package dev.prism.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDataTest {

    @TempDir
    Path dir;

    @Test
    void cifar10BinaryLayout() throws Exception {
        TestImages.writeCifar10(dir, 20, 10, 1);
        ImageSet train = CifarBinary.read(dir, true);
        ImageSet test = CifarBinary.read(dir, false);
        assertThat(train.size()).isEqualTo(100);
        assertThat(test.size()).isEqualTo(10);
        assertThat(train.classNames()).hasSize(10).startsWith("airplane");
        // record 3 of batch 1 is class 3: red channel (3 % 3 = 0) bright at rows 9..11
        assertThat(train.labels()[3]).isEqualTo(3);
        int base = 3 * 3072;
        assertThat(train.pixels()[base + (10 * 32 + 5) * 3] & 0xff).isEqualTo(230);
        assertThat(train.pixels()[base + (10 * 32 + 5) * 3 + 1] & 0xff).isLessThan(80);
    }

    @Test
    void cifar100UsesTheFineLabel() throws Exception {
        byte[] rec = new byte[2 + 3072];
        rec[0] = 4;
        rec[1] = 77;
        Files.write(dir.resolve("train.bin"), rec);
        Files.write(dir.resolve("test.bin"), rec);
        ImageSet s = CifarBinary.read(dir, true);
        assertThat(s.labels()).containsExactly(77);
        assertThat(s.classes()).isEqualTo(100);
    }

    @Test
    void truncatedMissingAndOutOfRangeFilesAreNamed() throws Exception {
        TestImages.writeCifar10(dir, 4, 2, 1);
        Path b3 = dir.resolve("data_batch_3.bin");
        byte[] bytes = Files.readAllBytes(b3);
        Files.write(b3, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> CifarBinary.read(dir, true)).hasMessageContaining("data_batch_3.bin")
                .hasMessageContaining("not a whole number of 3073-byte");
        Files.delete(b3);
        assertThatThrownBy(() -> CifarBinary.read(dir, true)).hasMessageContaining("CIFAR file missing").hasMessageContaining("data_batch_3.bin");
        byte[] bad = Files.readAllBytes(dir.resolve("test_batch.bin"));
        bad[3073] = 12;
        Files.write(dir.resolve("test_batch.bin"), bad);
        assertThatThrownBy(() -> CifarBinary.read(dir, false)).hasMessageContaining("test_batch.bin: record 1 has label 12");
    }

    private static void png(Path file, int rgb) throws Exception {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                img.setRGB(x, y, x == 0 ? 0x000000 : rgb);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void imageFoldersAndTheirErrors() throws Exception {
        png(dir.resolve("train/cat/a.png"), 0xff0000);
        png(dir.resolve("train/cat/b.png"), 0xff0000);
        png(dir.resolve("train/dog/a.png"), 0x00ff00);
        ImageSet s = ImageFolder.read(dir.resolve("train"), 0, null);
        assertThat(s.classNames()).containsExactly("cat", "dog");
        assertThat(s.labels()).containsExactly(0, 0, 1);
        assertThat(s.pixels()[3] & 0xff).isEqualTo(255); // pixel (0,1) of the first cat, red
        Files.createDirectories(dir.resolve("train/bird"));
        assertThatThrownBy(() -> ImageFolder.read(dir.resolve("train"), 0, null)).hasMessageContaining("class folder 'bird' has no PNG or JPEG");
        Files.writeString(dir.resolve("train/bird/broken.png"), "not an image");
        assertThatThrownBy(() -> ImageFolder.read(dir.resolve("train"), 0, null)).hasMessageContaining("broken.png: unreadable image");
        Files.delete(dir.resolve("train/bird/broken.png"));
        BufferedImage big = new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(big, "png", dir.resolve("train/bird/big.png").toFile());
        assertThatThrownBy(() -> ImageFolder.read(dir.resolve("train"), 0, null))
                .hasMessageContaining(": 8x8 differs from 12x10 (the size of big.png)").hasMessageContaining("must have one size");
        ImageSet resized = ImageFolder.read(dir.resolve("train"), 8, null);
        assertThat(resized.height()).as("a given size resizes instead").isEqualTo(8);
    }

    @Test
    void augmentationCropsWithPaddingAndFlips() throws Exception {
        TestImages.writeCifar10(dir, 10, 1, 1);
        ImageSet set = CifarBinary.read(dir, true);
        assertThat(set.labels()[5]).isEqualTo(5);
        float[] mean = {0, 0, 0};
        float[] std = {1, 1, 1};
        ImageSamples s = new ImageSamples(set, mean, std);
        float[] plain = new float[3072];
        s.fill(5, plain, 0, null);
        // record 5 is class 5: channel 5 % 3 = 2 bright at rows 15..17
        assertThat(plain[(2 * 32 + 16) * 32 + 7]).isEqualTo(230 / 255f);
        float[] aug = new float[3072];
        Random rng = new Random(3);
        boolean sawShift = false;
        for (int t = 0; t < 20; t++) {
            s.fill(5, aug, 0, rng);
            // content is a shifted/flipped copy: every value is either padding (0) or a value of the image
            for (float v : aug) {
                assertThat(v).isBetween(0f, 1f);
            }
            sawShift |= !java.util.Arrays.equals(aug, plain);
        }
        assertThat(sawShift).isTrue();
    }
}
