package dev.prism.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (versions 1.0 to 3.0), https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html.
 * Reads little- and big-endian {@code u1 i1 u2 i2 u4 i4 i8 f2 f4 f8} and {@code b1}, C or Fortran
 * order, into a row-major float32 {@link Tensor}; writes little-endian {@code <f4} in C order.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /**
     * What a {@code .npy} header says.
     *
     * @param type numpy's kind and width, e.g. {@code f4}
     * @param order the data's byte order
     * @param fortran whether the data is in column-major order
     * @param shape the array's shape
     * @param dataOffset bytes before the first value
     */
    public record Header(String type, ByteOrder order, boolean fortran, long[] shape, int dataOffset) {
        /** Bytes per value. */
        public int width() {
            return Integer.parseInt(type.substring(1));
        }
    }

    /** Parses the header at the start of a {@code .npy} file ({@code head}: at least its first bytes, up to the data). */
    public static Header header(byte[] head, String source) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < MAGIC.length; i++) {
            if (head.length <= i || head[i] != MAGIC[i]) {
                throw new IOException(source + ": not a .npy file (magic \\x93NUMPY missing)");
            }
        }
        int major = head[6];
        int headerLen;
        int offset;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(buf.getShort(8));
            offset = 10;
        } else if (major == 2 || major == 3) {
            headerLen = buf.getInt(8);
            offset = 12;
        } else {
            throw new IOException(source + ": unsupported .npy version " + major);
        }
        if (offset + headerLen > head.length) {
            throw new IOException(source + ": the .npy header is cut short");
        }
        String header = new String(head, offset, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, source, "descr");
        boolean fortran = group(FORTRAN, header, source, "fortran_order").equals("True");
        long[] shape = parseShape(group(SHAPE, header, source, "shape"), source);
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        String type = descr.substring(descr.charAt(0) == '<' || descr.charAt(0) == '>' || descr.charAt(0) == '|' || descr.charAt(0) == '=' ? 1 : 0);
        if (!type.matches("[fiub][1248]")) {
            throw new IOException(source + ": unsupported dtype '" + descr + "'" + (type.startsWith("O") ? " (Python objects)" : "")
                    + ": numeric arrays only (float, int, uint, bool); save it with numpy as a numeric array, e.g. arr.astype('float32')");
        }
        return new Header(type, order, fortran, shape, offset + headerLen);
    }

    /**
     * Reads one {@code .npy} array (float32/64, integers, either byte order, C or Fortran order) as a
     * float tensor; {@code source} names it in errors.
     */
    public static Tensor read(java.nio.file.Path file) throws IOException {
        try (InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file))) {
            return read(in, file.toString());
        }
    }

    /** Reads an array from {@code in}; {@code source} names it in errors. */
    public static Tensor read(InputStream in, String source) throws IOException {
        byte[] all = in.readAllBytes();
        Header h = header(all, source);
        long[] shape = h.shape();
        int n = Math.toIntExact(Tensor.numel(shape));
        int width = h.width();
        int start = h.dataOffset();
        if ((long) n * width > all.length - start) {
            throw new IOException(source + ": header promises " + n + " values of " + h.type() + " (" + ((long) n * width)
                    + " bytes) but only " + (all.length - start) + " bytes follow");
        }
        ByteBuffer data = ByteBuffer.wrap(all, start, all.length - start).slice().order(h.order());
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = value(data, h.type(), i * width);
        }
        if (h.fortran() && shape.length > 1) {
            values = ArrayOrder.fortranToC(values, shape);
        }
        return new Tensor(shape, values);
    }

    /** The value of numpy type {@code type} at byte {@code pos} of {@code b} (in {@code b}'s byte order), as a float. */
    public static float value(ByteBuffer b, String type, int pos) {
        try {
            return readValue(b, type, pos, "", type);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static float readValue(ByteBuffer b, String type, int pos, String source, String descr) throws IOException {
        switch (type) {
            case "u1": return Byte.toUnsignedInt(b.get(pos));
            case "i1": return b.get(pos);
            case "b1": return b.get(pos) != 0 ? 1 : 0;
            case "u2": return Short.toUnsignedInt(b.getShort(pos));
            case "i2": return b.getShort(pos);
            case "u4": return (float) Integer.toUnsignedLong(b.getInt(pos));
            case "i4": return b.getInt(pos);
            case "i8": return b.getLong(pos);
            case "u8": return b.getLong(pos);
            case "f2": return HalfFloats.fromHalf(b.getShort(pos));
            case "f4": return b.getFloat(pos);
            case "f8": return (float) b.getDouble(pos);
            default: throw new IOException(source + ": unsupported dtype '" + descr + "' (numeric types only)");
        }
    }

    private static String group(Pattern p, String header, String source, String key) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(source + ": .npy header has no '" + key + "': " + header.trim());
        }
        return m.group(1);
    }

    private static long[] parseShape(String s, String source) throws IOException {
        List<Long> dims = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                try {
                    dims.add(Long.parseLong(part.trim()));
                } catch (NumberFormatException e) {
                    throw new IOException(source + ": .npy shape (" + s + ") is not a list of whole numbers");
                }
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** Writes {@code t} as a version 1.0 {@code <f4} C-order array. */
    public static void write(Tensor t, OutputStream out) throws IOException {
        StringBuilder shape = new StringBuilder();
        for (long d : t.shape()) {
            shape.append(d).append(", ");
        }
        String dims = t.shape().length == 1 ? shape.toString().trim() : shape.toString().replaceAll(", $", "");
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
        int total = MAGIC.length + 4 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(MAGIC);
        head.write(1);
        head.write(0);
        head.write(header.length() & 0xff);
        head.write((header.length() >> 8) & 0xff);
        head.write(header.getBytes(StandardCharsets.ISO_8859_1));
        out.write(head.toByteArray());
        ByteBuffer data = ByteBuffer.allocate(t.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(t.data());
        out.write(data.array());
    }
}
