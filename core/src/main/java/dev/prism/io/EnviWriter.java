package dev.prism.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes single-band ENVI images, each a raw {@code .dat} file and its {@code .hdr} text header, in
 * the form GDAL's ENVI driver and QGIS read: a classification (bytes, {@code file type = ENVI
 * Classification} with class names and lookup colours) and a float32 band. Both files are
 * written atomically.
 */
public final class EnviWriter {

    private EnviWriter() {}

    /**
     * A classification image: {@code values[p]} is pixel p's class number, 0 to {@code names.size() - 1}
     * (class 0 is conventionally "Unclassified").
     *
     * @param colours one {r, g, b} (0-255) per class
     */
    public static void classification(Path dat, String description, int rows, int cols, byte[] values, List<String> names,
            List<int[]> colours) throws IOException {
        check(rows, cols, values.length);
        if (names.size() != colours.size() || names.size() > 256) {
            throw new IllegalArgumentException(names.size() + " class names, " + colours.size() + " colours (at most 256 classes)");
        }
        List<String> lookup = new ArrayList<>();
        for (int[] c : colours) {
            lookup.add(c[0] + ", " + c[1] + ", " + c[2]);
        }
        AtomicFiles.write(dat, values);
        classificationHeader(dat, description, rows, cols, names, colours);
    }

    /**
     * The header of a classification image whose {@code dat} (one byte per pixel, row-major) is
     * written otherwise, for example tile by tile.
     *
     * @param colours one {r, g, b} (0-255) per class
     */
    public static void classificationHeader(Path dat, String description, int rows, int cols, List<String> names, List<int[]> colours)
            throws IOException {
        classificationHeader(dat, description, rows, cols, names, colours, Georeference.NONE);
    }

    /** As {@link #classificationHeader(Path, String, int, int, List, List)}, placed on the ground by {@code geo}. */
    public static void classificationHeader(Path dat, String description, int rows, int cols, List<String> names, List<int[]> colours,
            Georeference geo) throws IOException {
        if (names.size() != colours.size() || names.size() > 256) {
            throw new IllegalArgumentException(names.size() + " class names, " + colours.size() + " colours (at most 256 classes)");
        }
        List<String> lookup = new ArrayList<>();
        for (int[] c : colours) {
            lookup.add(c[0] + ", " + c[1] + ", " + c[2]);
        }
        List<String> fields = new ArrayList<>(common(description, rows, cols, "ENVI Classification", 1));
        fields.add("classes = " + names.size());
        fields.add("class lookup = { " + String.join(", ", lookup) + " }");
        fields.add("class names = { " + String.join(", ", names.stream().map(EnviWriter::clean).toList()) + " }");
        fields.addAll(geo.headerLines());
        AtomicFiles.writeString(header(dat), String.join("\n", fields) + "\n");
    }

    /** A float32 band named {@code bandName}. */
    public static void floats(Path dat, String description, int rows, int cols, float[] values, String bandName) throws IOException {
        check(rows, cols, values.length);
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        AtomicFiles.write(dat, b.array());
        floatsHeader(dat, description, rows, cols, bandName);
    }

    /** The header of a float32 band whose {@code dat} (little-endian, row-major) is written otherwise. */
    public static void floatsHeader(Path dat, String description, int rows, int cols, String bandName) throws IOException {
        floatsHeader(dat, description, rows, cols, bandName, Georeference.NONE);
    }

    /** As {@link #floatsHeader(Path, String, int, int, String)}, placed on the ground by {@code geo}. */
    public static void floatsHeader(Path dat, String description, int rows, int cols, String bandName, Georeference geo) throws IOException {
        List<String> fields = new ArrayList<>(common(description, rows, cols, "ENVI Standard", 4));
        fields.add("band names = { " + clean(bandName) + " }");
        fields.addAll(geo.headerLines());
        AtomicFiles.writeString(header(dat), String.join("\n", fields) + "\n");
    }

    /** The header beside {@code dat}: {@code NAME.hdr} for {@code NAME.dat}. */
    public static Path header(Path dat) {
        String name = dat.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dat.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".hdr");
    }

    private static List<String> common(String description, int rows, int cols, String fileType, int dataType) {
        return List.of("ENVI", "description = { " + clean(description) + " }", "samples = " + cols, "lines = " + rows, "bands = 1",
                "header offset = 0", "file type = " + fileType, String.format(Locale.ROOT, "data type = %d", dataType),
                "interleave = bsq", "byte order = 0");
    }

    /** Braces and commas would end a header field or list item early. */
    private static String clean(String s) {
        return s.replace('{', '(').replace('}', ')').replace(',', ';').replace('\n', ' ');
    }

    private static void check(int rows, int cols, int n) {
        if ((long) rows * cols != n) {
            throw new IllegalArgumentException(rows + " x " + cols + " pixels need " + (long) rows * cols + " values, got " + n);
        }
    }
}
