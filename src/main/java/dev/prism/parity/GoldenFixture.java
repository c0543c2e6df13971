package dev.prism.parity;

import com.google.gson.Gson;
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
        try (Reader r = Files.newBufferedReader(file)) {
            GoldenFixture f = new Gson().fromJson(r, GoldenFixture.class);
            if (f == null || f.model() == null || f.params() == null || f.input() == null) {
                throw new IOException(file + ": not a golden fixture (fields model, input, params expected)");
            }
            return f;
        } catch (JsonParseException e) {
            throw new IOException(file + ": not valid fixture JSON: " + e.getMessage(), e);
        }
    }
}
