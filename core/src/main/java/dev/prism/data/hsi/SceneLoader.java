package dev.prism.data.hsi;

import dev.prism.io.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/** Loads and validates scenes: registered ones from a folder, the bundled copy, or any cube/ground-truth pair. */
public final class SceneLoader {

    /** The bundled scene's display name. */
    public static final String BUNDLED_NAME = "Indian Pines (8-bit copy)";

    private static final String BUNDLED_DIR = "/dev/prism/scenes/indian-pines/";

    private SceneLoader() {}

    /** Indian Pines (8-bit copy) shipped inside Prism. */
    public static Scene bundled() throws IOException {
        Path dir = Files.createTempDirectory("prism-scene");
        try {
            Path cube = extract(dir, "IP_200_M.mat");
            Path gt = extract(dir, "Indian_pines_gt.mat");
            SceneInfo ip = SceneRegistry.get("indian-pines");
            return assemble(BUNDLED_NAME, cube, "data_M", gt, ip.gtKey(), ip.classNames(), ip.rgbBands());
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static Path extract(Path dir, String name) throws IOException {
        try (InputStream in = SceneLoader.class.getResourceAsStream(BUNDLED_DIR + name)) {
            if (in == null) {
                throw new IOException("bundled scene file " + name + " is missing from the Prism jar");
            }
            Path p = dir.resolve(name);
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
            return p;
        }
    }

    /** A registered scene from {@code dataDir} (standard GIC file names). */
    public static Scene registered(SceneInfo info, Path dataDir) throws IOException {
        Path cube = dataDir.resolve(info.cubeFile());
        Path gt = dataDir.resolve(info.gtFile());
        for (Path p : new Path[] {cube, gt}) {
            if (!Files.isRegularFile(p)) {
                throw new IOException(info.displayName() + ": " + p.getFileName() + " not found in " + dataDir
                        + " (expected " + info.cubeFile() + " and " + info.gtFile() + ")");
            }
        }
        return assemble(info.displayName(), cube, info.cubeKey(), gt, info.gtKey(), info.classNames(), info.rgbBands());
    }

    /**
     * Any cube and ground truth: {@code FILE[:KEY]} each; class names from a text file (one per
     * line, line k naming label k) or "class k" when absent.
     */
    public static Scene custom(String cubeSpec, String gtSpec, Path classesFile) throws IOException {
        String[] c = splitSpec(cubeSpec);
        String[] g = splitSpec(gtSpec);
        List<String> names = null;
        if (classesFile != null) {
            names = new ArrayList<>();
            for (String line : Files.readAllLines(classesFile)) {
                if (!line.isBlank()) {
                    names.add(line.trim());
                }
            }
        }
        Path cube = Path.of(c[0]);
        return assemble(cube.getFileName().toString(), cube, c[1], Path.of(g[0]), g[1], names, null);
    }

    /**
     * FILE[:KEY]: the text after the last ':' is the variable's key, unless the whole text names an
     * existing file (a file name may contain ':'). A missing file whose name had a ':' says how it
     * was read.
     */
    public static String[] splitSpec(String spec) throws IOException {
        int colon = spec.lastIndexOf(':');
        if (colon <= 1 || Files.isRegularFile(Path.of(spec))) {
            return new String[] {spec, null};
        }
        String[] parts = {spec.substring(0, colon), spec.substring(colon + 1)};
        if (!Files.exists(Path.of(parts[0]))) {
            throw new IOException("file not found: " + parts[0] + " ('" + spec + "' was read as FILE:KEY, file '" + parts[0]
                    + "', key '" + parts[1] + "')");
        }
        return parts;
    }

    static Scene assemble(String name, Path cubeFile, String cubeKey, Path gtFile, String gtKey, List<String> classNames,
            int[] rgb) throws IOException {
        Tensor cube = ArrayFiles.read(cubeFile, cubeKey);
        Tensor gt = ArrayFiles.read(gtFile, gtKey);
        return assemble(name, cube, cubeFile.toString(), gt, gtFile.toString(), classNames, rgb, checksum(cubeFile, gtFile));
    }

    /**
     * A scene from arrays in memory: {@code cube} row-major (rows, cols, bands), band innermost;
     * {@code groundTruth} row-major (rows, cols), 0 = unlabelled, labels 1..K; {@code classNames}
     * naming label k at index k - 1 (null: "class k"). Checked as a scene read from files is.
     */
    public static Scene fromArrays(String name, float[] cube, int rows, int cols, int bands, int[] groundTruth,
            List<String> classNames) throws IOException {
        float[] gt = new float[groundTruth.length];
        for (int i = 0; i < gt.length; i++) {
            gt[i] = groundTruth[i];
        }
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(cube.length * 4 + groundTruth.length * 4);
        bytes.asFloatBuffer().put(cube);
        bytes.position(cube.length * 4);
        bytes.asIntBuffer().put(groundTruth);
        String checksum;
        try {
            checksum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return assemble(name, new Tensor(new long[] {rows, cols, bands}, cube), "the cube of " + name,
                new Tensor(new long[] {rows, cols}, gt), "the ground truth of " + name, classNames, null, checksum);
    }

    private static Scene assemble(String name, Tensor cube, String cubeFile, Tensor gt, String gtFile, List<String> classNames,
            int[] rgb, String checksum) throws IOException {
        if (cube.shape().length != 3) {
            throw new IOException(cubeFile + ": the cube must have 3 dimensions (rows, cols, bands), got " + cube.shapeString());
        }
        if (gt.shape().length == 3 && gt.shape()[2] == 1) { // a one-band image (an ENVI classification file) is a 2-D map
            gt = new Tensor(new long[] {gt.shape()[0], gt.shape()[1]}, gt.data());
        }
        if (gt.shape().length != 2) {
            throw new IOException(gtFile + ": the ground truth must have 2 dimensions (rows, cols) or one band, got " + gt.shapeString());
        }
        int rows = (int) cube.shape()[0];
        int cols = (int) cube.shape()[1];
        int bands = (int) cube.shape()[2];
        if (gt.shape()[0] != rows || gt.shape()[1] != cols) {
            throw new IOException("cube " + cubeFile + " is " + rows + " x " + cols + " pixels but ground truth "
                    + gtFile + " is " + gt.shape()[0] + " x " + gt.shape()[1]);
        }
        float[] data = cube.data();
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                int p = i / bands;
                throw new IOException(cubeFile + ": value " + data[i] + " at row " + (p / cols) + ", column " + (p % cols)
                        + ", band " + (i % bands) + " (0-based); the cube must be finite everywhere");
            }
        }
        int[] labels = new int[rows * cols];
        TreeSet<Integer> present = new TreeSet<>();
        for (int p = 0; p < labels.length; p++) {
            float v = gt.data()[p];
            if (v != Math.rint(v) || v < 0) {
                throw new IOException(gtFile + ": label " + v + " at row " + (p / cols) + ", column " + (p % cols)
                        + " is not a non-negative integer");
            }
            labels[p] = (int) v;
            if (labels[p] != 0) {
                present.add(labels[p]);
            }
        }
        if (present.isEmpty()) {
            throw new IOException(gtFile + ": no labelled pixel (every label is 0)");
        }
        if (present.size() < 2) {
            throw new IOException(gtFile + ": only one class (label " + present.first() + ") is labelled; classification needs at least 2");
        }
        int[] dense = present.stream().mapToInt(Integer::intValue).toArray();
        List<String> names = new ArrayList<>();
        for (int label : dense) {
            if (classNames != null) {
                if (label > classNames.size() || classNames.get(label - 1) == null) {
                    throw new IOException(gtFile + ": label " + label + " is beyond the class list of " + name + " ("
                            + classNames.stream().filter(java.util.Objects::nonNull).count() + " classes)");
                }
                names.add(classNames.get(label - 1));
            } else {
                names.add("class " + label);
            }
        }
        int[] rgbBands = rgb != null && rgb[0] < bands ? rgb : new int[] {bands * 3 / 4, bands / 2, bands / 4};
        return new Scene(name, rows, cols, bands, data, labels, dense, names, rgbBands, checksum);
    }

    /** SHA-256 of the files' SHA-256 digests, in order. */
    public static String checksum(Path... files) throws IOException {
        try {
            MessageDigest all = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                all.update(dev.prism.io.Digests.sha256(f)); // streamed: a scene may be larger than memory
            }
            return HexFormat.of().formatHex(all.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the header of the cube {@code FILE[:KEY]} says (georeferencing, wavelengths); nothing for MATLAB and .npy files. */
    public static dev.prism.io.CubeHeader header(String cubeSpec) throws IOException {
        return RowBlocks.header(cubeSpec);
    }
}
