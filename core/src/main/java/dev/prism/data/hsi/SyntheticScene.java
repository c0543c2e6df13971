package dev.prism.data.hsi;

import dev.prism.io.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * A scene of any size made from a real one, for measuring maps at scale: the source is tiled by
 * mirroring (so no seam cuts a field), and every value is jittered by a small uniform noise drawn
 * from a hash of its position and the seed, so that the three interleaves hold the same numbers
 * and the same seed gives the same file. Written as an ENVI cube (the source's value type: bytes
 * for an 8-bit scene, 16-bit integers, else float32) with its ground truth tiled the same way; both
 * headers say the data are synthetic. The cube is streamed: memory does not grow with its size.
 */
public final class SyntheticScene {

    /** The order of a cube's values in its file. */
    public enum Interleave {
        /** Band interleaved by pixel: each pixel's bands together. */
        BIP,
        /** Band interleaved by line: each row's band after band. */
        BIL,
        /** Band sequential: each band's whole image. */
        BSQ;

        /** The header's spelling. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What to make.
     *
     * @param rows rows of the new scene
     * @param cols columns of the new scene
     * @param interleave the file's value order
     * @param jitter noise amplitude as a share of each band's standard deviation over the source (0 = exact mirror tiles)
     * @param seed seed of the noise
     */
    public record Spec(int rows, int cols, Interleave interleave, double jitter, long seed) {
        /** Checks the sizes and the jitter. */
        public Spec {
            if (rows < 1 || cols < 1) {
                throw new dev.prism.SettingException("size", " must be at least 1 x 1, got " + rows + " x " + cols);
            }
            if (!(jitter >= 0 && jitter <= 1)) {
                throw new dev.prism.SettingException("jitter", " must be in [0, 1] (a share of each band's spread), got " + jitter);
            }
            java.util.Objects.requireNonNull(interleave, "interleave");
        }
    }

    /** What was written: the two headers and the cube's size in bytes. */
    public record Written(Path cubeHeader, Path groundTruthHeader, long cubeBytes) {}

    private final Scene source;
    private final Spec spec;
    private final float[] amplitude;
    private final ValueType type;

    private SyntheticScene(Scene source, Spec spec) {
        this.source = source;
        this.spec = spec;
        this.type = ValueType.of(source.cube());
        this.amplitude = amplitudes(source, spec.jitter());
    }

    /** The lines the cube is written in: its rows (BIP, BIL), or rows times bands (BSQ). */
    public static long lines(Scene source, Spec spec) {
        return spec.interleave() == Interleave.BSQ ? (long) spec.rows() * source.bands() : spec.rows();
    }

    /** The bytes the cube of {@code spec} made from {@code source} takes. */
    public static long cubeBytes(Scene source, Spec spec) {
        return (long) spec.rows() * spec.cols() * source.bands() * ValueType.of(source.cube()).width;
    }

    /**
     * Writes the cube to {@code header}'s data file ({@code .img} beside it) and the ground truth to
     * {@code NAME_gt.hdr}/{@code .img}; refuses a header name not ending in {@code .hdr} and a disk
     * without room, before writing anything. {@code progress} is told how many of the cube's
     * {@link #lines lines} are written.
     */
    public static Written write(Scene source, Spec spec, Path header, LongConsumer progress) throws IOException {
        String name = header.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".hdr")) {
            throw new IllegalArgumentException("the cube's header must end in .hdr, got " + header);
        }
        Path dir = header.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        long bytes = cubeBytes(source, spec);
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free < bytes + (long) spec.rows() * spec.cols() + (1L << 20)) {
            throw new IOException(dir + " has " + free / (1L << 20) + " MiB free; the cube needs " + bytes / (1L << 20) + " MiB");
        }
        String base = name.substring(0, name.length() - 4);
        Path data = header.resolveSibling(base + ".img");
        Path gtHeader = header.resolveSibling(base + "_gt.hdr");
        SyntheticScene s = new SyntheticScene(source, spec);
        s.writeCube(data, progress);
        s.writeGroundTruth(header.resolveSibling(base + "_gt.img"));
        AtomicFiles.writeString(gtHeader, s.groundTruthHeader());
        AtomicFiles.writeString(header, s.cubeHeader());
        return new Written(header, gtHeader, bytes);
    }

    /** The source pixel a position of the new scene shows: mirrored tiles, period twice the source. */
    static int mirror(int i, int n) {
        int m = i % (2 * n);
        return m < n ? m : 2 * n - 1 - m;
    }

    /** The value at (row, col, band) of the new scene. */
    float value(int r, int c, int b) {
        int p = mirror(r, source.rows()) * source.cols() + mirror(c, source.cols());
        float v = source.cube()[p * source.bands() + b];
        if (amplitude[b] == 0) {
            return v;
        }
        long index = ((long) r * spec.cols() + c) * source.bands() + b;
        double u = (mix(index ^ mix(spec.seed())) >>> 11) * 0x1.0p-53 * 2 - 1;
        return type.clamp(v + (float) (u * amplitude[b]));
    }

    private void writeCube(Path data, LongConsumer progress) throws IOException {
        int bands = source.bands();
        int rows = spec.rows();
        int cols = spec.cols();
        Path tmp = data.resolveSibling(data.getFileName() + ".part");
        ByteBuffer line = ByteBuffer.allocate(cols * bands * type.width).order(ByteOrder.LITTLE_ENDIAN);
        long done = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            int outer = spec.interleave() == Interleave.BSQ ? bands : rows;
            int inner = spec.interleave() == Interleave.BSQ ? rows : 1;
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    line.clear();
                    fillLine(line, spec.interleave() == Interleave.BSQ ? i : o, o);
                    out.write(line.array(), 0, line.position());
                    done++;
                    if (progress != null) {
                        progress.accept(done);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, data, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** One row (BIP: every pixel's bands; BIL: band after band) or, for BSQ, one row of band {@code band}. */
    private void fillLine(ByteBuffer line, int r, int band) {
        int cols = spec.cols();
        int bands = source.bands();
        switch (spec.interleave()) {
            case BIP -> {
                for (int c = 0; c < cols; c++) {
                    for (int b = 0; b < bands; b++) {
                        type.put(line, value(r, c, b));
                    }
                }
            }
            case BIL -> {
                for (int b = 0; b < bands; b++) {
                    for (int c = 0; c < cols; c++) {
                        type.put(line, value(r, c, b));
                    }
                }
            }
            default -> {
                for (int c = 0; c < cols; c++) {
                    type.put(line, value(r, c, band));
                }
            }
        }
    }

    private void writeGroundTruth(Path data) throws IOException {
        byte[] labels = new byte[spec.rows() * spec.cols()];
        for (int r = 0; r < spec.rows(); r++) {
            int sr = mirror(r, source.rows());
            for (int c = 0; c < spec.cols(); c++) {
                labels[r * spec.cols() + c] = (byte) source.groundTruth()[sr * source.cols() + mirror(c, source.cols())];
            }
        }
        AtomicFiles.write(data, labels);
    }

    private String provenance() {
        return String.format(Locale.ROOT, "SYNTHETIC, not real data: %s (%d x %d x %d) tiled by mirroring to %d x %d, each value jittered"
                + " by uniform noise of +-%.3f of its band's standard deviation (seed %d), by Prism's scene synth", source.name(),
                source.rows(), source.cols(), source.bands(), spec.rows(), spec.cols(), spec.jitter(), spec.seed());
    }

    private String cubeHeader() {
        return String.join("\n", "ENVI", "description = {" + provenance() + "}", "samples = " + spec.cols(), "lines = " + spec.rows(),
                "bands = " + source.bands(), "header offset = 0", "file type = ENVI Standard", "data type = " + type.enviType,
                "interleave = " + spec.interleave().label(), "byte order = 0") + "\n";
    }

    private String groundTruthHeader() {
        List<String> names = new ArrayList<>(List.of("Unlabelled"));
        int maxLabel = 0;
        for (int l : source.labels()) {
            maxLabel = Math.max(maxLabel, l);
        }
        for (int l = 1; l <= maxLabel; l++) {
            int dense = java.util.Arrays.binarySearch(source.labels(), l);
            names.add(dense >= 0 ? source.classNames().get(dense).replace(",", " ") : "label " + l);
        }
        return String.join("\n", "ENVI", "description = {ground truth of the " + provenance() + "}", "samples = " + spec.cols(),
                "lines = " + spec.rows(), "bands = 1", "header offset = 0", "file type = ENVI Classification", "data type = 1",
                "interleave = bsq", "byte order = 0", "classes = " + names.size(), "class names = {" + String.join(", ", names) + "}")
                + "\n";
    }

    /** Each band's noise amplitude: {@code jitter} times its standard deviation over the source. */
    private static float[] amplitudes(Scene s, double jitter) {
        float[] out = new float[s.bands()];
        if (jitter == 0) {
            return out;
        }
        for (int b = 0; b < s.bands(); b++) {
            double sum = 0;
            double sq = 0;
            for (int p = 0; p < s.pixels(); p++) {
                double v = s.cube()[p * s.bands() + b];
                sum += v;
                sq += v * v;
            }
            double mean = sum / s.pixels();
            out[b] = (float) (jitter * Math.sqrt(Math.max(0, sq / s.pixels() - mean * mean)));
        }
        return out;
    }

    /** SplitMix64's finaliser: a well-spread hash of {@code z}. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The narrowest ENVI type that holds the source's values exactly. */
    private enum ValueType {
        BYTE(1, 1, 0, 255),
        INT16(2, 2, Short.MIN_VALUE, Short.MAX_VALUE),
        FLOAT32(4, 4, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);

        final int enviType;
        final int width;
        final float min;
        final float max;

        ValueType(int enviType, int width, float min, float max) {
            this.enviType = enviType;
            this.width = width;
            this.min = min;
            this.max = max;
        }

        static ValueType of(float[] cube) {
            boolean integral = true;
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (float v : cube) {
                integral &= v == Math.rint(v);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (integral && lo >= 0 && hi <= 255) {
                return BYTE;
            }
            return integral && lo >= Short.MIN_VALUE && hi <= Short.MAX_VALUE ? INT16 : FLOAT32;
        }

        float clamp(float v) {
            return this == FLOAT32 ? v : Math.max(min, Math.min(max, Math.round(v)));
        }

        void put(ByteBuffer b, float v) {
            switch (this) {
                case BYTE -> b.put((byte) (int) v);
                case INT16 -> b.putShort((short) v);
                default -> b.putFloat(v);
            }
        }
    }
}
