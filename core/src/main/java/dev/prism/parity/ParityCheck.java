package dev.prism.parity;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.prism.io.Tensor;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelRegistry;
import dev.prism.models.ModelSpec;
import dev.prism.models.StateDict;
import dev.prism.nn.InputLayout;
import dev.prism.nn.TorchNames;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a Prism network against a golden fixture: fills every tensor by the fixture's rule under
 * its PyTorch name, then compares the eval output, the train output and loss (BatchNorm with batch
 * statistics, dropout 0) and every gradient L2 norm.
 */
public final class ParityCheck {

    /** Bounds from the fixtures' README. */
    public static final double OUTPUT_TOLERANCE = 1e-3;

    public static final double GRAD_TOLERANCE = 1e-2;

    /**
     * Gradient norms below this fraction of the fixture's largest norm are float32 rounding noise
     * of gradients that are exactly zero in real arithmetic: a BatchNorm bias whose output reaches
     * the loss only through a linear 1x1 convolution into another training-mode BatchNorm, which
     * subtracts any per-channel constant (the linear bottlenecks of MobileNetV2/V3: 11 to 17 such
     * norms per fixture, at most 7.5e-8 of the fixture's largest norm, while the smallest real norm
     * in any fixture is 1.5e-4 of it, MobileNetV1's). Their error is measured against this floor
     * instead of against the noise itself: both sides must be noise-sized. Every real gradient lies
     * above the floor and keeps its full relative check. (1e-5 until the squeeze-excitation FC
     * layers became matrix products: that moved MobileNetV3-Large's noise in one such bias from
     * 0.6% to 1.5% of a 1e-5 floor, rounding noise of a zero, as ONEDNN_MAX_CPU_ISA=AVX2 had too.)
     *
     * <p>A gradient whose fixture also gives its exact (float64) norm and float32's error in it
     * (the worst of PyTorch's float32 results in three reduction orders, when above 1e-3: sums
     * that cancel, as ECA-MobileNetV2's ECA weights, up to 26% off in PyTorch itself) is checked
     * against the exact norm, within 1e-2 or {@link #F32_MARGIN} times float32's error, whichever
     * is larger.
     */
    public static final double NOISE_FLOOR = 5e-5;

    /**
     * How many times float32's error in a gradient norm (measured by the fixture over three of
     * PyTorch's reduction orders) Prism may be off the exact norm: libtorch 2.7.1's kernels sum in
     * other orders again. Set to 10 after ECA-MobileNetV2's fixture, where Prism's channels-last
     * result of one ECA weight was 4.6 times the fixture's measured error off (1.5% against 0.33%).
     */
    static final double F32_MARGIN = 10;

    /** Which registered model, with which options, each fixture's {@code model} field names. */
    public record Target(String registryName, ModelOptions options) {}

    /**
     * The shared fixtures ({@code ../shared}) whose names are not a registered model's name with
     * {@code -} for {@code _}; every other fixture names its model that way, and its options come
     * from its own input and output (see {@link #target}), so a new network needs no line here.
     */
    private static final Map<String, Target> SHARED_NAMES = Map.of(
            "senet18", new Target("se-resnet18", ModelOptions.defaults()),
            "mobilenet_v1_0.5", new Target("mobilenet-v1", ModelOptions.defaults().withAlpha(0.5)));

    /** The outcome; errors are relative (see the fixtures' README). */
    public record Result(
            String fixture,
            String model,
            long paramCount,
            long expectedParamCount,
            double evalError,
            double trainError,
            double lossError,
            double worstGradError,
            String worstGradName) {

        /** Whether parameter count, outputs, loss and gradients are all within tolerance. */
        public boolean passed() {
            return paramCount == expectedParamCount
                    && evalError <= OUTPUT_TOLERANCE
                    && trainError <= OUTPUT_TOLERANCE
                    && lossError <= OUTPUT_TOLERANCE
                    && worstGradError <= GRAD_TOLERANCE;
        }

        /** One line: PASS or FAIL, the fixture, and every error measured. */
        public String line() {
            return String.format(java.util.Locale.ROOT,
                    "%s %-20s model=%-19s params=%d/%d eval=%.2e train=%.2e loss=%.2e grad=%.2e (%s)",
                    passed() ? "PASS" : "FAIL", fixture, model, paramCount, expectedParamCount,
                    evalError, trainError, lossError, worstGradError, worstGradName);
        }
    }

    private ParityCheck() {}

    /**
     * The registry model and options a fixture stands for: its model name with {@code -} for
     * {@code _} (two shared fixtures excepted), the classes its outputs have, and for a
     * hyperspectral model the bands and window of its input; an {@link IllegalArgumentException}
     * listing the registered models otherwise.
     */
    public static Target target(GoldenFixture fx) {
        Target shared = SHARED_NAMES.get(fx.model());
        if (shared != null) {
            return shared;
        }
        String name = fx.model().replace('_', '-');
        ModelRegistry zoo = ModelRegistry.available();
        if (!zoo.names().contains(name)) {
            throw new IllegalArgumentException("fixture model '" + fx.model() + "' is not one Prism knows; known: "
                    + String.join(", ", new java.util.TreeSet<>(zoo.names())));
        }
        ModelOptions o = ModelOptions.defaults().withClasses(fx.eval_output()[0].length);
        if (zoo.get(name).task() == ModelSpec.Task.HSI) {
            long[] in = fx.input().shape();
            o = o.withBands((int) in[2]).withWindow((int) in[3]);
        }
        return new Target(name, o);
    }

    /** Checks the fixture with network inputs handed over in {@code layout}. */
    public static Result run(GoldenFixture fx, InputLayout layout) {
        Target target = target(fx);
        ModelSpec spec = ModelRegistry.available().get(target.registryName());
        ModelOptions options = target.options().withDropout(0);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = spec.build(options);
            Shape inShape = new Shape(fx.input().shape());
            block.initialize(manager, DataType.FLOAT32, inShape);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (GoldenFixture.NamedRule p : fx.params()) {
                tensors.put(p.name(), new Tensor(p.shape(), p.rule().values()));
            }
            StateDict.load(block, tensors, fx.model() + " fixture");
            // through the product's input path, so the check covers the layout training and inference use
            NDArray x = layout.create(manager, fx.input().values(), inShape);
            float[] labels = new float[fx.labels().length];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = fx.labels()[i];
            }
            NDArray y = manager.create(labels);
            ParameterStore ps = new ParameterStore(manager, false);

            NDArray eval = block.forward(ps, new NDList(x), false).singletonOrThrow();
            // and the frozen inference copy (BatchNorm folded) that evaluation and prediction run
            NDArray frozen = spec.freeze(manager, options, block).forward(ps, new NDList(x), false).singletonOrThrow();
            double evalError = Math.max(relativeError(eval.toFloatArray(), fx.eval_output()),
                    relativeError(frozen.toFloatArray(), fx.eval_output()));

            double trainError;
            double lossError;
            Map<String, Parameter> named = TorchNames.of(block);
            double worst = 0;
            String worstName = "-";
            int nonFinite = 0;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = block.forward(ps, new NDList(x), true).singletonOrThrow();
                NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(out));
                // a tensor the graph saved that points into a freed Java buffer gives wrong gradients every time, not once in ten runs
                java.util.List<java.nio.ByteBuffer> reused = FreedMemory.collectAndReuse();
                gc.backward(loss);
                reused.clear();
                trainError = relativeError(out.toFloatArray(), fx.train_output());
                lossError = Math.abs(loss.getFloat() - fx.train_loss()) / Math.abs(fx.train_loss());
            }
            double floor = NOISE_FLOOR * fx.grad_l2_norms().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
            for (Map.Entry<String, Double> g : fx.grad_l2_norms().entrySet()) {
                Parameter p = named.get(g.getKey());
                if (p == null) {
                    throw new IllegalStateException(fx.model() + ": fixture has a gradient for '" + g.getKey() + "' which the model lacks");
                }
                double norm = p.getArray().getGradient().norm().getFloat();
                Double exact = fx.exactGradNorms().get(g.getKey());
                double err = exact == null ? Math.abs(norm - g.getValue()) / Math.max(Math.abs(g.getValue()), floor)
                        : Math.abs(norm - exact) / Math.max(Math.abs(exact) * Math.max(1, F32_MARGIN
                                * fx.f32GradErrors().getOrDefault(g.getKey(), 0.0) / GRAD_TOLERANCE), floor);
                if (!Double.isFinite(err)) {
                    nonFinite++; // NaN compares false: count it, and let the first one stand as the worst
                    err = Double.POSITIVE_INFINITY;
                    worst = worstName.equals("-") || Double.isFinite(worst) ? -1 : worst;
                }
                if (err > worst || worstName.equals("-")) {
                    worst = err;
                    worstName = g.getKey();
                }
            }
            if (nonFinite > 1) {
                worstName += " and " + (nonFinite - 1) + " more not finite";
            }
            return new Result(fx.model(), spec.name(), StateDict.trainableCount(block), fx.param_count(),
                    evalError, trainError, lossError, worst, worstName);
        }
    }

    /** max |out - ref| / max |ref| over all elements. */
    /** The largest absolute difference between {@code out} and {@code ref} (row-major), relative to the largest magnitude in {@code ref}. */
    public static double relativeError(float[] out, double[][] ref) {
        double maxDiff = 0;
        double maxRef = 0;
        int k = 0;
        for (double[] row : ref) {
            for (double r : row) {
                maxDiff = Math.max(maxDiff, Math.abs(out[k++] - r));
                maxRef = Math.max(maxRef, Math.abs(r));
            }
        }
        if (k != out.length) {
            throw new IllegalStateException("output has " + out.length + " values, reference " + k);
        }
        return maxDiff / maxRef;
    }
}
