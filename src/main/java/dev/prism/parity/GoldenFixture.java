package dev.prism.parity;

import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One parity fixture: a reference network's tensors (by the {@link ValueRule}), an input batch and
 * the outputs, loss and gradient norms PyTorch produced. See {@code shared/fixtures/golden/README.md}.
 */
public record GoldenFixture(
        String model,
        String reference,
        TensorRule input,
        int[] labels,
        List<NamedRule> params,
        long param_count,
        double[][] eval_output,
        double[][] train_output,
        double train_loss,
        Map<String, Double> grad_l2_norms) {

    /** How to generate a tensor: shape and the rule's seed, a, b. */
    public record TensorRule(long[] shape, String seed, float a, float b) {
        public long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        public float[] values() {
            return ValueRule.fill(Long.parseUnsignedLong(seed), a, b, Math.toIntExact(size()));
        }
    }

    /** A named state_dict tensor. */
    public record NamedRule(String name, long[] shape, String seed, float a, float b) {
        public TensorRule rule() {
            return new TensorRule(shape, seed, a, b);
        }
    }

    public static GoldenFixture read(Path file) throws IOException {
        GoldenFixture f;
        try (Reader r = Files.newBufferedReader(file)) {
            f = dev.prism.io.StrictJson.COMPACT.fromJson(r, GoldenFixture.class);
        } catch (JsonParseException | NumberFormatException e) {
            throw new IOException(file + ": not valid fixture JSON: " + e.getMessage(), e);
        }
        if (f == null || f.model() == null || f.params() == null || f.input() == null) {
            throw new IOException(file + ": not a golden fixture (fields model, input, params expected)");
        }
        String problem = f.problem();
        if (problem != null) {
            throw new IOException(file + ": " + problem);
        }
        return f;
    }

    /** What makes this fixture unusable (a missing field, a null, a label out of range), or null. */
    String problem() {
        if (input.shape() == null || input.seed() == null || input.shape().length == 0) {
            return "input needs a shape and a seed";
        }
        String missing = labels == null ? "labels" : eval_output == null ? "eval_output" : train_output == null ? "train_output"
                : grad_l2_norms == null ? "grad_l2_norms" : null;
        if (missing != null) {
            return "the field " + missing + " is missing or null";
        }
        long batch = input.shape()[0];
        if (labels.length != batch || eval_output.length != batch || train_output.length != batch) {
            return "labels, eval_output and train_output need one row per input sample (" + batch + "); got "
                    + labels.length + ", " + eval_output.length + ", " + train_output.length;
        }
        for (int i = 0; i < batch; i++) {
            if (eval_output[i] == null || train_output[i] == null || eval_output[i].length != eval_output[0].length) {
                return "eval_output or train_output row " + i + " is null or of another length";
            }
        }
        int classes = eval_output[0].length;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                return "label " + labels[i] + " (sample " + i + ") is outside the " + classes + " classes of eval_output";
            }
        }
        for (int i = 0; i < params.size(); i++) {
            NamedRule p = params.get(i);
            if (p == null || p.name() == null || p.shape() == null || p.seed() == null) {
                return "params entry " + i + " needs a name, a shape and a seed";
            }
        }
        for (Map.Entry<String, Double> g : grad_l2_norms.entrySet()) {
            if (g.getValue() == null || !Double.isFinite(g.getValue())) {
                return "grad_l2_norms of " + g.getKey() + " is not a number";
            }
        }
        return null;
    }
}
