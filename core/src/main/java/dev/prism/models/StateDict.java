package dev.prism.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.prism.io.LazyTensor;
import dev.prism.io.Tensor;
import dev.prism.nn.BatchNormFold;
import dev.prism.nn.TorchNames;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves weights between an initialised Prism network and a PyTorch {@code state_dict} (names as
 * {@link TorchNames} gives them). Loading is strict: a missing, extra or mis-shaped tensor is an
 * error that names it (and both shapes); {@code num_batches_tracked} entries are ignored, as they
 * carry no weights.
 */
public final class StateDict {

    private StateDict() {}

    /** Every parameter and running statistic, under its PyTorch name, as plain tensors. */
    public static Map<String, Tensor> extract(Block block) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : TorchNames.of(block).entrySet()) {
            NDArray a = e.getValue().getArray();
            out.put(e.getKey(), new Tensor(a.getShape().getShape(), a.toFloatArray()));
        }
        return out;
    }

    /**
     * As {@link #extract}, each tensor's bytes taken from the engine only when written (a
     * checkpoint streams them to its file one at a time, without a copy on the Java heap).
     */
    public static Map<String, LazyTensor> lazily(Block block) {
        Map<String, LazyTensor> out = new LinkedHashMap<>();
        TorchNames.of(block).forEach((k, p) -> out.put(k, lazily(p.getArray())));
        return out;
    }

    /**
     * {@code array}'s values as float32 bytes, produced when written: a float32 copy in a scope of
     * its own (made contiguous if it is not), handed over from the engine's memory and freed at
     * once. A copy, because DJL makes a non-contiguous array contiguous under the array's own
     * manager, which a parameter's keeps for the life of the network.
     */
    public static LazyTensor lazily(NDArray array) {
        if (java.nio.ByteOrder.nativeOrder() != java.nio.ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("tensors are written little-endian; this machine is big-endian");
        }
        return new LazyTensor(array.getShape().getShape(), sink -> {
            try (NDManager scope = array.getManager().newSubManager()) {
                NDArray copy = array.toType(DataType.FLOAT32, true);
                copy.attach(scope);
                sink.accept(copy.toByteBuffer(true));
            }
        });
    }

    /**
     * Copies every tensor into the block; throws naming the problems found: each one when there are
     * few, counts and the first few of each kind when there are many (another architecture).
     * Values that are not finite are refused.
     */
    public static void load(Block block, Map<String, Tensor> tensors, String source) {
        if (BatchNormFold.isFrozen(block)) {
            throw new IllegalArgumentException(source + ": cannot be loaded into a frozen inference copy (its BatchNorm folds"
                    + " would be stale): load the weights into the trainable network, then freeze it again");
        }
        Map<String, Parameter> params = TorchNames.of(block);
        List<String> missing = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            long[] expected = e.getValue().getArray().getShape().getShape();
            if (t == null) {
                missing.add("'" + e.getKey() + "' (expected shape " + Arrays.toString(expected) + ")");
            } else if (!Arrays.equals(expected, t.shape())) {
                misShaped.add("'" + e.getKey() + "' has shape " + t.shapeString() + " but the model expects " + Arrays.toString(expected));
            }
        }
        for (String name : tensors.keySet()) {
            if (!params.containsKey(name) && !name.endsWith("num_batches_tracked")) {
                unexpected.add("'" + name + "' (shape " + tensors.get(name).shapeString() + ")");
            }
        }
        int problems = missing.size() + misShaped.size() + unexpected.size();
        if (problems > 0) {
            List<String> parts = new ArrayList<>();
            summarise(parts, "missing tensor", missing, problems);
            summarise(parts, "mis-shaped tensor", misShaped, problems);
            summarise(parts, "unexpected tensor", unexpected, problems);
            String hint = problems > 8 && missing.size() + unexpected.size() > params.size() / 2
                    ? " (" + params.size() + " parameters expected, " + tensors.size() + " given: these weights are of another architecture or options)"
                    : "";
            throw new IllegalArgumentException(source + ": " + String.join("; ", parts) + hint);
        }
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            int bad = 0;
            for (float v : t.data()) {
                bad += Float.isFinite(v) ? 0 : 1;
            }
            if (bad > 0) {
                throw new IllegalArgumentException(source + ": tensor '" + e.getKey() + "' holds " + bad + " NaN or infinite value"
                        + (bad == 1 ? "" : "s") + ": these weights are broken (a diverged training?)");
            }
        }
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            setValues(e.getValue(), tensors.get(e.getKey()).data());
        }
    }

    /** Every item when there are few problems; the count and the first three when there are many. */
    private static void summarise(List<String> parts, String kind, List<String> items, int problems) {
        if (items.isEmpty()) {
            return;
        }
        if (problems <= 8) {
            items.forEach(i -> parts.add(kind + " " + i));
        } else {
            parts.add(items.size() + " " + kind + (items.size() == 1 ? "" : "s") + " (" + String.join(", ", items.subList(0, Math.min(3, items.size())))
                    + (items.size() > 3 ? ", ..." : "") + ")");
        }
    }

    /** Overwrites a parameter's values in place (its shape is unchanged). */
    public static void setValues(Parameter p, float[] values) {
        p.getArray().set(FloatBuffer.wrap(values));
    }

    /** Number of trainable scalars (running statistics excluded). */
    public static long trainableCount(Block block) {
        long n = 0;
        for (Parameter p : TorchNames.of(block).values()) {
            if (p.requiresGradient()) {
                n += p.getArray().size();
            }
        }
        return n;
    }
}
