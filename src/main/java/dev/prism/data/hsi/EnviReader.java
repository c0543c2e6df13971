package dev.prism.data.hsi;

import dev.prism.io.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * ENVI raster reader (header {@code .hdr} + raw binary), written by hand because no maintained
 * Java library reads it. Supports interleave BSQ, BIL and BIP, {@code header offset}, byte order
 * 0 (little) and 1 (big), and data types 1 (uint8), 2 (int16), 3 (int32), 4 (float32), 5
 * (float64), 12 (uint16). Returns (lines, samples, bands).
 */
public final class EnviReader {

    private EnviReader() {}

    /** The header of a data file ({@code x.hdr} or {@code x.raw.hdr}), or the file itself if it is one. */
    static Path headerFor(Path file) {
        String name = file.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".hdr")) {
            return file;
        }
        Path appended = file.resolveSibling(name + ".hdr");
        if (Files.isRegularFile(appended)) {
            return appended;
        }
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".hdr");
    }

    /** The data file beside a header: same name without .hdr, or with a common raster extension. */
    static Path dataFor(Path header) throws IOException {
        String base = header.getFileName().toString().replaceFirst("(?i)\\.hdr$", "");
        for (String ext : new String[] {"", ".img", ".dat", ".raw", ".bsq", ".bil", ".bip"}) {
            Path p = header.resolveSibling(base + ext);
            if (Files.isRegularFile(p) && !p.equals(header)) {
                return p;
            }
        }
        throw new IOException(header + ": no data file beside it (tried " + base + " with no extension, .img, .dat, .raw, .bsq, .bil, .bip)");
    }

    /**
     * The fields of an ENVI {@code .hdr} file, keys lower-cased, braces' contents joined on one line;
     * an {@link IOException} naming the file when it is not an ENVI header.
     */
    public static Map<String, String> parseHeader(Path header) throws IOException {
        String text = Files.readString(header, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!text.stripLeading().startsWith("ENVI")) {
            throw new IOException(header + ": not an ENVI header (first word must be ENVI)");
        }
        Map<String, String> out = new HashMap<>();
        String[] lines = text.split("\\r?\\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            StringBuilder value = new StringBuilder(line.substring(eq + 1).trim());
            if (value.toString().startsWith("{")) {
                while (!value.toString().contains("}") && i + 1 < lines.length) {
                    value.append(' ').append(lines[++i].trim());
                }
            }
            out.put(key, value.toString());
        }
        return out;
    }

    /**
     * Reads an ENVI image (BSQ, BIL or BIP; byte order and data type from its header next to it) as a
     * (rows, columns, bands) float tensor.
     */
    public static Tensor read(Path file) throws IOException {
        Path header = headerFor(file);
        Path data = header.equals(file) ? dataFor(header) : file;
        Map<String, String> h = parseHeader(header);
        int samples = intField(h, "samples", header);
        int lines = intField(h, "lines", header);
        int bands = intField(h, "bands", header);
        int type = intField(h, "data type", header);
        long offset = h.containsKey("header offset") ? Long.parseLong(h.get("header offset").trim()) : 0;
        ByteOrder order = "1".equals(h.getOrDefault("byte order", "0").trim()) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        String interleave = h.getOrDefault("interleave", "bsq").trim().toLowerCase(Locale.ROOT);
        int width = switch (type) {
            case 1 -> 1;
            case 2, 12 -> 2;
            case 3, 4 -> 4;
            case 5 -> 8;
            default -> throw new IOException(header + ": ENVI data type " + type + " is not supported (1, 2, 3, 4, 5, 12 are)");
        };
        long n = (long) samples * lines * bands;
        long expected = offset + n * width;
        long actual = Files.size(data);
        if (actual != expected) {
            throw new IOException(header + ": header says " + lines + " lines x " + samples + " samples x " + bands
                    + " bands of " + width + "-byte values (+" + offset + " header bytes) = " + expected
                    + " bytes, but " + data + " has " + actual);
        }
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(data)).order(order);
        float[] out = new float[Math.toIntExact(n)];
        for (int i = 0; i < n; i++) {
            int pos = (int) (offset + (long) i * width);
            float v = switch (type) {
                case 1 -> Byte.toUnsignedInt(buf.get(pos));
                case 2 -> buf.getShort(pos);
                case 12 -> Short.toUnsignedInt(buf.getShort(pos));
                case 3 -> buf.getInt(pos);
                case 4 -> buf.getFloat(pos);
                default -> (float) buf.getDouble(pos);
            };
            // i enumerates file order; compute (line, sample, band)
            int line;
            int sample;
            int band;
            switch (interleave) {
                case "bsq" -> {
                    band = i / (lines * samples);
                    line = (i / samples) % lines;
                    sample = i % samples;
                }
                case "bil" -> {
                    line = i / (bands * samples);
                    band = (i / samples) % bands;
                    sample = i % samples;
                }
                case "bip" -> {
                    line = i / (samples * bands);
                    sample = (i / bands) % samples;
                    band = i % bands;
                }
                default -> throw new IOException(header + ": interleave '" + interleave + "' is not bsq, bil or bip");
            }
            out[(line * samples + sample) * bands + band] = v;
        }
        return new Tensor(new long[] {lines, samples, bands}, out);
    }

    private static int intField(Map<String, String> h, String key, Path header) throws IOException {
        String v = h.get(key);
        if (v == null) {
            throw new IOException(header + ": ENVI header has no '" + key + "'");
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IOException(header + ": '" + key + "' is not an integer: " + v);
        }
    }

}
