package dev.prism.data.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * One folder per class holding PNG or JPEG images, the layout users usually have (and that of
 * {@code shared/data/cifar10-jpeg/train}). Class names are the sorted folder names. Every image
 * must have the same size, or is resized to {@code size} x {@code size} when a size is given.
 */
public final class ImageFolder {

    private ImageFolder() {}

    /**
     * Reads {@code dir/<class>/<image>} folders (JPEG or PNG), each image resized to {@code size} x
     * {@code size} when {@code size > 0} (else all must have one size); with {@code expectedClasses}
     * (may be null), the class folders must be exactly those.
     */
    public static ImageSet read(Path dir, int size, List<String> expectedClasses) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("image folder not found: " + dir);
        }
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(dir)) {
            classDirs = s.filter(Files::isDirectory).sorted().toList();
        }
        if (classDirs.isEmpty()) {
            throw new IOException(dir + ": no class folders (expected one folder of images per class)");
        }
        List<String> names = classDirs.stream().map(p -> p.getFileName().toString()).toList();
        if (expectedClasses != null && !expectedClasses.equals(names)) {
            throw new IOException(dir + ": class folders " + names + " differ from the training classes " + expectedClasses);
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classDirs.size(); c++) {
            List<Path> imgs;
            try (Stream<Path> s = Files.list(classDirs.get(c))) {
                imgs = s.filter(p -> {
                    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
                }).sorted().toList();
            }
            if (imgs.isEmpty()) {
                throw new IOException(classDirs.get(c) + ": class folder '" + names.get(c) + "' has no PNG or JPEG image");
            }
            for (Path p : imgs) {
                files.add(p);
                labels.add(c);
            }
        }
        BufferedImage first = decode(files.get(0));
        int h = size > 0 ? size : first.getHeight();
        int w = size > 0 ? size : first.getWidth();
        byte[] pixels = new byte[files.size() * h * w * 3];
        try {
            decodeAll(files, size, h, w, pixels);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        return new ImageSet(pixels, labels.stream().mapToInt(Integer::intValue).toArray(), h, w, names, dir.toString());
    }

    private static void decodeAll(List<Path> files, int size, int h, int w, byte[] pixels) {
        // decode in parallel: JPEG decoding is the slow part of loading
        java.util.stream.IntStream.range(0, files.size()).parallel().forEach(i -> {
            try {
                BufferedImage img = decode(files.get(i));
                if (img.getWidth() != w || img.getHeight() != h) {
                    if (size <= 0) {
                        throw new IOException(files.get(i) + ": " + img.getWidth() + "x" + img.getHeight() + " differs from "
                                + w + "x" + h + " (the size of " + files.get(0).getFileName()
                                + "): every training image must have one size; resize them first, e.g. `mogrify -resize " + w + "x" + h + "! *.png`");
                    }
                    img = resize(img, w, h);
                }
                int o = i * h * w * 3;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int rgb = img.getRGB(x, y);
                        pixels[o++] = (byte) (rgb >> 16);
                        pixels[o++] = (byte) (rgb >> 8);
                        pixels[o++] = (byte) rgb;
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Individual image files (for prediction), resized to size x size; labels are 0. */
    public static ImageSet readFiles(List<Path> files, int size, List<String> classNames) throws IOException {
        byte[] pixels = new byte[files.size() * size * size * 3];
        for (int i = 0; i < files.size(); i++) {
            BufferedImage img = decode(files.get(i));
            if (img.getWidth() != size || img.getHeight() != size) {
                img = resize(img, size, size);
            }
            int o = i * size * size * 3;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int rgb = img.getRGB(x, y);
                    pixels[o++] = (byte) (rgb >> 16);
                    pixels[o++] = (byte) (rgb >> 8);
                    pixels[o++] = (byte) rgb;
                }
            }
        }
        return new ImageSet(pixels, new int[files.size()], size, size, classNames, "files");
    }

    static BufferedImage decode(Path p) throws IOException {
        if (java.nio.file.Files.isDirectory(p)) {
            throw new IOException(p + " is a folder, not an image: give image files (PNG or JPEG)");
        }
        if (!java.nio.file.Files.isRegularFile(p)) {
            throw new IOException(p + ": no such image file");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(p.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(p + ": unreadable image (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new IOException(p + ": unreadable image (not a PNG or JPEG ImageIO can decode)");
        }
        return img;
    }

    static BufferedImage resize(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
