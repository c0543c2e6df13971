package dev.prism.models;

import dev.prism.io.Npz;
import dev.prism.io.SafeTensors;
import dev.prism.io.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Picks the weight file format by extension: {@code .safetensors} or {@code .npz}. */
public final class WeightFiles {

    private WeightFiles() {}

    /**
     * The tensors of a weight file, by its suffix: safetensors, or {@code .npz} (PyTorch {@code
     * state_dict} saved with numpy).
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("weights file not found: " + file);
        }
        return switch (format(file)) {
            case "safetensors" -> SafeTensors.read(file);
            default -> Npz.read(file);
        };
    }

    /** Writes {@code tensors} as safetensors (atomically), {@code model} recorded in its metadata. */
    public static void write(Map<String, Tensor> tensors, Path file, String model) throws IOException {
        switch (format(file)) {
            case "safetensors" -> SafeTensors.write(tensors, Map.of("format", "pt", "prism_model", model), file);
            default -> Npz.write(tensors, file);
        }
    }

    private static String format(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".safetensors")) {
            return "safetensors";
        }
        if (name.endsWith(".npz")) {
            return "npz";
        }
        throw new IllegalArgumentException(file + ": weight files must end in .safetensors or .npz");
    }
}
