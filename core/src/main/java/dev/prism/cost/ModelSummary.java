package dev.prism.cost;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import dev.prism.nn.PointwiseLinear;
import ai.djl.util.Pair;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelSpec;
import dev.prism.nn.TorchNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parameters and multiply-adds per layer, for one sample. Multiply-adds follow the MobileNet
 * papers' convention: convolutions ({@code kernel volume x in/groups x out x output positions})
 * and fully connected layers ({@code in x out}) only; BatchNorm, activations, pooling and biases
 * are not counted. Parameters are the trainable ones (BatchNorm running statistics excluded).
 */
public final class ModelSummary {

    /** One layer that holds parameters. */
    public record Layer(String name, String type, long[] outputShape, long params, long macs) {}

    /** A network's cost table: every layer with its output shape, parameters and multiply-adds, and the totals. */
    public record Summary(String model, ModelOptions options, long[] inputShape, List<Layer> layers, long params, long macs) {

        /** The table as aligned text, one layer per line, totals last. */
        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%s  input %s%n", model, dims(inputShape)));
            sb.append(String.format(Locale.ROOT, "%-34s %-15s %-18s %12s %14s%n", "layer", "type", "output", "params", "mult-adds"));
            for (Layer l : layers) {
                sb.append(String.format(Locale.ROOT, "%-34s %-15s %-18s %,12d %,14d%n",
                        l.name(), l.type(), dims(l.outputShape()), l.params(), l.macs()));
            }
            sb.append(String.format(Locale.ROOT, "%-34s %-15s %-18s %,12d %,14d%n", "total", "", "", params, macs));
            sb.append(String.format(Locale.ROOT, "= %.2fM parameters, %.1fM mult-adds%n", params / 1e6, macs / 1e6));
            return sb.toString();
        }
    }

    private ModelSummary() {}

    static String dims(long[] shape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < shape.length; i++) {
            sb.append(i > 1 ? "x" : "").append(shape[i]);
        }
        return sb.toString();
    }

    /**
     * Builds the network of {@code spec} with {@code options} for one input and counts every layer's
     * parameters and multiply-adds.
     */
    public static Summary of(ModelSpec spec, ModelOptions options) {
        ModelOptions resolved = spec.resolve(options);
        Shape input = spec.inputShape(resolved, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = spec.build(resolved);
            block.initialize(manager, DataType.FLOAT32, input);
            List<Layer> layers = new ArrayList<>();
            long totalParams = 0;
            long totalMacs = 0;
            for (var e : TorchNames.modules(block).entrySet()) {
                Block b = e.getValue();
                Shape out = b.getOutputShapes(b.getInputShapes())[0];
                long params = 0;
                long weight = 0;
                for (Pair<String, Parameter> p : b.getDirectParameters()) {
                    if (p.getValue().requiresGradient()) {
                        params += p.getValue().getArray().size();
                    }
                    if (p.getValue().getName().equals("weight")) {
                        weight = p.getValue().getArray().size();
                    }
                }
                long macs = 0;
                if (b instanceof Convolution) {
                    long positions = 1;
                    for (int d = 2; d < out.dimension(); d++) {
                        positions *= out.get(d);
                    }
                    macs = weight * positions;
                } else if (b instanceof Linear || b instanceof PointwiseLinear) {
                    macs = weight;
                }
                layers.add(new Layer(e.getKey(), b.getClass().getSimpleName(), out.getShape(), params, macs));
                totalParams += params;
                totalMacs += macs;
            }
            return new Summary(spec.name(), resolved, input.getShape(), layers, totalParams, totalMacs);
        }
    }
}
