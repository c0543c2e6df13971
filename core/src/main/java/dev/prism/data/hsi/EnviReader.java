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

    /** Reads a whole ENVI image ({@code file}: its header or its data file) as a (lines, samples, bands) float tensor. */
    public static Tensor read(Path file) throws IOException {
        try (EnviRows rows = EnviRows.open(file)) {
            return new Tensor(new long[] {rows.rows(), rows.cols(), rows.bands()}, rows.read(0, rows.rows()));
        }
    }

    /** Bytes per value of ENVI data type {@code type}. */
    static int width(int type, Path header) throws IOException {
        return switch (type) {
            case 1 -> 1;
            case 2, 12 -> 2;
            case 3, 4 -> 4;
            case 5 -> 8;
            default -> throw new IOException(header + ": ENVI data type " + type + " is not supported (1, 2, 3, 4, 5, 12 are)");
        };
    }

    /** The value of ENVI data type {@code type} at byte {@code pos} of {@code buf}. */
    static float value(java.nio.ByteBuffer buf, int pos, int type) {
        return switch (type) {
            case 1 -> Byte.toUnsignedInt(buf.get(pos));
            case 2 -> buf.getShort(pos);
            case 12 -> Short.toUnsignedInt(buf.getShort(pos));
            case 3 -> buf.getInt(pos);
            case 4 -> buf.getFloat(pos);
            default -> (float) buf.getDouble(pos);
        };
    }

    static int intField(Map<String, String> h, String key, Path header) throws IOException {
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
