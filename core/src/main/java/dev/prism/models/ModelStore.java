package dev.prism.models;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.prism.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A saved Prism network: {@code model.json} (registry name and options, so the same architecture
 * can be rebuilt) and {@code weights.params} (DJL's parameter format). Both written atomically.
 */
public final class ModelStore {

    public static final String DESCRIPTOR = "model.json";

    public static final String WEIGHTS = "weights.params";

    /** What {@code model.json} holds. */
    public record Descriptor(String model, ModelOptions options) {}

    private static final Gson GSON = dev.prism.io.StrictJson.PRETTY;

    private ModelStore() {}

    /**
     * Writes {@code block}'s weights and a descriptor (model name and options) into {@code dir}, so
     * that {@link #descriptor} and the registry can rebuild it.
     */
    public static void save(Path dir, String model, ModelOptions options, Block block) throws IOException {
        Files.createDirectories(dir);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        AtomicFiles.write(dir.resolve(WEIGHTS), bytes.toByteArray());
        AtomicFiles.writeString(dir.resolve(DESCRIPTOR), GSON.toJson(new Descriptor(model, options)));
    }

    /** The descriptor saved in {@code dir}; an {@link IOException} naming the file when it is missing or damaged. */
    public static Descriptor descriptor(Path dir) throws IOException {
        Path file = dir.resolve(DESCRIPTOR);
        if (!Files.isRegularFile(file)) {
            throw new IOException(dir + " is not a saved Prism model: " + DESCRIPTOR + " is missing");
        }
        Descriptor d = GSON.fromJson(Files.readString(file), Descriptor.class);
        if (d == null || d.model() == null || d.options() == null) {
            throw new IOException(file + ": expected fields 'model' and 'options'");
        }
        return d;
    }

    /** Rebuilds the network described in {@code dir} and loads its weights, under {@code manager}. */
    public static Block load(Path dir, ModelRegistry registry, NDManager manager) throws IOException {
        Descriptor d = descriptor(dir);
        ModelSpec spec = registry.get(d.model());
        Block block = spec.create(manager, d.options(), 0);
        Path weights = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            throw new IOException(dir + ": " + WEIGHTS + " is missing");
        }
        try (InputStream in = Files.newInputStream(weights); DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in))) {
            block.loadParameters(manager, data);
        } catch (MalformedModelException e) {
            throw new IOException(weights + ": does not match model " + d.model() + ": " + e.getMessage(), e);
        }
        return block;
    }
}
