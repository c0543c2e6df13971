package dev.prism.models;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
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

    /** Copies every tensor into the block; throws naming every problem found. */
    public static void load(Block block, Map<String, Tensor> tensors, String source) {
        Map<String, Parameter> params = TorchNames.of(block);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            long[] expected = e.getValue().getArray().getShape().getShape();
            if (t == null) {
                problems.add("missing tensor '" + e.getKey() + "' (expected shape " + Arrays.toString(expected) + ")");
            } else if (!Arrays.equals(expected, t.shape())) {
                problems.add("tensor '" + e.getKey() + "' has shape " + t.shapeString() + " but the model expects " + Arrays.toString(expected));
            }
        }
        for (String name : tensors.keySet()) {
            if (!params.containsKey(name) && !name.endsWith("num_batches_tracked")) {
                problems.add("unexpected tensor '" + name + "' (shape " + tensors.get(name).shapeString() + ") matches no parameter of the model");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(source + ": " + String.join("; ", problems));
        }
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            setValues(e.getValue(), tensors.get(e.getKey()).data());
        }
    }

    /** Overwrites a parameter's values in place (its shape is unchanged). */
    public static void setValues(Parameter p, float[] values) {
        p.getArray().set(FloatBuffer.wrap(values));
        BatchNormFold.weightsChanged();
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
