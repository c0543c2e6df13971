package dev.prism.train;

import ai.djl.nn.Block;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.prism.io.LazyTensor;
import dev.prism.io.SafeTensors;
import dev.prism.io.Tensor;
import dev.prism.models.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training checkpoint in one safetensors file, written atomically (temporary file, then
 * rename): model tensors under {@code model/<PyTorch name>}, optimizer state under
 * {@code optim/<name>#<slot>}, and the loop's state as JSON metadata. A crash at any moment leaves
 * either the previous checkpoint or the new one, never half of one.
 */
public final class Checkpoint {

    /** What the loop needs to continue exactly where it stopped. */
    public record LoopState(int epochsDone, long steps, List<EpochRecord> history, double bestScore, int bestEpoch, int sinceBest) {}

    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private Checkpoint() {}

    /**
     * Writes {@code block}'s weights, {@code optimizer}'s state (if not null) and the loop's state
     * into {@code file}, atomically.
     */
    public static void save(Path file, Block block, Updater optimizer, LoopState state) throws IOException {
        save(file, block, optimizer, state, Map.of());
    }

    /** As {@link #save(Path, Block, Updater, LoopState)}, with more string metadata beside the loop's state. */
    public static void save(Path file, Block block, Updater optimizer, LoopState state, Map<String, String> metadata) throws IOException {
        // fetched one tensor at a time while writing: all of them at once made the heap grow by the
        // state's size every epoch
        Map<String, LazyTensor> tensors = new LinkedHashMap<>();
        StateDict.lazily(block).forEach((k, v) -> tensors.put("model/" + k, v));
        if (optimizer != null) {
            optimizer.stateLazily().forEach((k, v) -> tensors.put("optim/" + k, v));
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("prism_state", GSON.toJson(state));
        SafeTensors.writeLazily(tensors, meta, file);
    }

    /** Loads the model weights (and optimizer state, if given) and returns the loop state. */
    public static LoopState load(Path file, Block block, Updater optimizer) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("checkpoint not found: " + file);
        }
        Map<String, Tensor> all = SafeTensors.read(file);
        Map<String, Tensor> model = new LinkedHashMap<>();
        Map<String, Tensor> optim = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith("model/")) {
                model.put(k.substring(6), v);
            } else if (k.startsWith("optim/")) {
                optim.put(k.substring(6), v);
            }
        });
        StateDict.load(block, model, file.toString());
        LoopState state = GSON.fromJson(metadata(file).get("prism_state"), LoopState.class);
        if (optimizer != null && state != null) {
            optimizer.loadState(optim, state.steps());
        }
        return state;
    }

    /** The checkpoint's string metadata, read without its tensors. */
    public static Map<String, String> metadata(Path file) throws IOException {
        return SafeTensors.metadata(file);
    }
}
