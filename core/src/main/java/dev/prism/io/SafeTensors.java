package dev.prism.io;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian header
 * length, a JSON header mapping names to dtype, shape and byte offsets, then the raw little-endian
 * data. Reads F32, F64, F16, BF16 and integer tensors into float32; writes F32.
 */
public final class SafeTensors {

    private SafeTensors() {}

    /**
     * Every tensor of a safetensors file, in file order, converted to float32; an {@link IOException}
     * naming the file for a malformed one.
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            return read(ch, file);
        }
    }

    private static Map<String, Tensor> read(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        Head head = head(ch, file);
        JsonObject header = head.json();
        long base = head.dataStart();
        checkOverlaps(header, file);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonObject info = e.getValue().getAsJsonObject();
            String dtype = info.get("dtype").getAsString();
            JsonArray shapeJson = info.getAsJsonArray("shape");
            long[] shape = new long[shapeJson.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeJson.get(i).getAsLong();
            }
            JsonArray off = info.getAsJsonArray("data_offsets");
            long begin = off.get(0).getAsLong();
            long end = off.get(1).getAsLong();
            int n = Math.toIntExact(Tensor.numel(shape));
            int width = width(dtype, file, e.getKey());
            if (end - begin != (long) n * width || base + end > size) {
                throw new IOException(file + ": tensor '" + e.getKey() + "' (" + dtype + " " + java.util.Arrays.toString(shape)
                        + ") has byte range [" + begin + ", " + end + ") that does not match its shape or the file size");
            }
            // one tensor's bytes at a time, not the whole file
            ByteBuffer data = ChannelSlices.readFully(ch, ByteBuffer.allocate((int) (end - begin)), base + begin, file).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = switch (dtype) {
                    case "F32" -> data.getFloat(i * 4);
                    case "F64" -> (float) data.getDouble(i * 8);
                    case "F16" -> HalfFloats.fromHalf(data.getShort(i * 2));
                    case "BF16" -> HalfFloats.fromBfloat16(data.getShort(i * 2));
                    case "I64" -> data.getLong(i * 8);
                    case "I32" -> data.getInt(i * 4);
                    case "U8" -> Byte.toUnsignedInt(data.get(i));
                    default -> throw new IllegalStateException(dtype);
                };
            }
            out.put(e.getKey(), new Tensor(shape, values));
        }
        return out;
    }

    /** Two tensors whose byte ranges overlap would read each other's bytes: refused, naming both. */
    private static void checkOverlaps(JsonObject header, Path file) throws IOException {
        java.util.List<Object[]> ranges = new java.util.ArrayList<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (!e.getKey().equals("__metadata__")) {
                JsonObject info = e.getValue().getAsJsonObject();
                if (!info.has("dtype") || !info.has("shape") || !info.has("data_offsets") || info.getAsJsonArray("data_offsets").size() != 2) {
                    throw new IOException(file + ": tensor '" + e.getKey() + "' lacks dtype, shape or a [begin, end] data_offsets");
                }
                JsonArray off = info.getAsJsonArray("data_offsets");
                ranges.add(new Object[] {off.get(0).getAsLong(), off.get(1).getAsLong(), e.getKey()});
            }
        }
        ranges.sort(java.util.Comparator.comparingLong(r -> (Long) r[0]));
        for (int i = 1; i < ranges.size(); i++) {
            Object[] a = ranges.get(i - 1);
            Object[] b = ranges.get(i);
            if ((Long) b[0] < (Long) a[1] && (Long) b[1] > (Long) b[0]) {
                throw new IOException(file + ": tensors '" + a[2] + "' [" + a[0] + ", " + a[1] + ") and '" + b[2] + "' [" + b[0] + ", " + b[1]
                        + ") share bytes: the file is damaged");
            }
        }
    }

    /** Each tensor's dtype as the file stores it (F32, F16, BF16, F64, I64, I32, U8). */
    public static Map<String, String> dtypes(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        header(file).entrySet().stream().filter(e -> !e.getKey().equals("__metadata__"))
                .forEach(e -> out.put(e.getKey(), e.getValue().getAsJsonObject().get("dtype").getAsString()));
        return out;
    }

    /** The file's string metadata ({@code __metadata__}), empty if it has none. */
    public static Map<String, String> metadata(Path file) throws IOException {
        JsonObject header = header(file);
        Map<String, String> out = new LinkedHashMap<>();
        if (header.has("__metadata__")) {
            header.getAsJsonObject("__metadata__").entrySet().forEach(e -> out.put(e.getKey(), e.getValue().getAsString()));
        }
        return out;
    }

    /** The JSON header alone, read without the tensors' bytes. */
    private static JsonObject header(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            return head(ch, file).json();
        }
    }

    /** A file's JSON header and the byte where its tensors' data begins. */
    private record Head(JsonObject json, long dataStart) {}

    private static Head head(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new IOException(file + ": too short for a safetensors file");
        }
        long len = ChannelSlices.readFully(ch, ByteBuffer.allocate(8), 0, file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (len <= 0 || len > size - 8) {
            throw new IOException(file + ": safetensors header length " + len + " does not fit the file's " + size + " bytes");
        }
        byte[] json = ChannelSlices.readFully(ch, ByteBuffer.allocate((int) len), 8, file).array();
        try {
            return new Head(new Gson().fromJson(new String(json, StandardCharsets.UTF_8), JsonObject.class), 8 + len);
        } catch (RuntimeException e) {
            throw new IOException(file + ": safetensors header is not JSON: " + e.getMessage(), e);
        }
    }

    private static int width(String dtype, Path file, String name) throws IOException {
        switch (dtype) {
            case "F64": case "I64": return 8;
            case "F32": case "I32": return 4;
            case "F16": case "BF16": return 2;
            case "U8": return 1;
            default: throw new IOException(file + ": tensor '" + name + "' has unsupported dtype " + dtype);
        }
    }

    /** Writes float32 tensors in the given order, with optional string metadata. */
    public static void write(Map<String, Tensor> tensors, Map<String, String> metadata, Path file) throws IOException {
        Map<String, LazyTensor> lazy = new LinkedHashMap<>();
        tensors.forEach((k, t) -> lazy.put(k, LazyTensor.of(t)));
        writeLazily(lazy, metadata, file);
    }

    /**
     * As {@link #write}, taking each tensor's bytes only when its turn comes: the file is never in
     * memory whole, and an engine's tensor goes to the file from its own memory (a checkpoint of
     * SE-ResNet18 with Adam's state is 134 MB; as arrays and then one buffer of the whole file it
     * made the JVM grow its heap by twice that every epoch). A tensor that hands over more or fewer
     * bytes than its shape holds fails the write, naming it; the previous file is kept.
     */
    public static void writeLazily(Map<String, LazyTensor> tensors, Map<String, String> metadata, Path file) throws IOException {
        byte[] head = header(tensors, metadata);
        AtomicFiles.write(file, ch -> {
            ChannelSlices.write(ch, ByteBuffer.wrap(head));
            for (Map.Entry<String, LazyTensor> e : tensors.entrySet()) {
                long[] written = {0};
                e.getValue().bytes().writeTo(buf -> {
                    written[0] += buf.remaining();
                    ChannelSlices.write(ch, buf);
                });
                if (written[0] != e.getValue().byteSize()) {
                    throw new IOException("tensor '" + e.getKey() + "' of shape " + java.util.Arrays.toString(e.getValue().shape())
                            + " gave " + written[0] + " bytes, not " + e.getValue().byteSize());
                }
            }
        });
    }

    /** The length prefix and JSON header of {@code tensors} (F32, in order), padded to 8 bytes. */
    private static byte[] header(Map<String, LazyTensor> tensors, Map<String, String> metadata) {
        JsonObject header = new JsonObject();
        if (metadata != null && !metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        long offset = 0;
        for (Map.Entry<String, LazyTensor> e : tensors.entrySet()) {
            JsonObject info = new JsonObject();
            info.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            info.add("shape", shape);
            JsonArray off = new JsonArray();
            off.add(offset);
            offset += e.getValue().byteSize();
            off.add(offset);
            info.add("data_offsets", off);
            header.add(e.getKey(), info);
        }
        byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        int pad = (8 - json.length % 8) % 8;
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + pad).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length + pad).put(json);
        for (int i = 0; i < pad; i++) {
            out.put((byte) ' ');
        }
        return out.array();
    }
}
