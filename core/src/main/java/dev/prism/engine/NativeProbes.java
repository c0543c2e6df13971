package dev.prism.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.prism.engine.Probe.Kind;
import dev.prism.engine.Probe.Measured;
import dev.prism.nn.Activation;
import dev.prism.nn.MemoryFormat;
import dev.prism.nn.TorchOps;
import java.util.ArrayList;
import java.util.List;

/**
 * Probes of Prism's own libtorch operators ({@link TorchOps}): the activations (forward, backward
 * and in place), the fused Adam step and the bfloat16 casts, each against plain Java. Empty when
 * the native operators are off in this process.
 */
final class NativeProbes {

    private static final int SEED = 1130;
    private static final Shape SHAPE = new Shape(2, 8, 5, 5);
    private static final List<Activation> IN_PLACE = List.of(
            Activation.RELU, Activation.RELU6, Activation.HARD_SIGMOID, Activation.HARD_SWISH, Activation.LEAKY_RELU);

    private NativeProbes() {}

    static List<Probe> all() {
        List<Probe> out = new ArrayList<>();
        if (!TorchOps.available()) {
            return out;
        }
        for (MemoryFormat layout : MemoryFormat.values()) {
            for (Activation a : List.of(Activation.RELU6, Activation.HARD_SIGMOID, Activation.HARD_SWISH)) {
                String name = a.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
                out.add(probe("native-" + name, "native " + name + " fwd+bwd 2x8x5x5", layout,
                        m -> activation(m, a, layout)));
            }
            out.add(probe("native-in-place", "native in-place activations 2x8x5x5", layout,
                    m -> inPlace(m, layout)));
            out.add(probe("native-adam", "native fused Adam/AdamW 8x4x3x3", layout, m -> adam(m, layout)));
        }
        out.add(probe("native-bf16-cast", "native bf16 casts 2x8x5x5", null, NativeProbes::casts));
        return out;
    }

    private static Probe probe(String stem, String label, MemoryFormat layout, Probe.Body body) {
        return new Probe(stem, Kind.NATIVE, label, layout, false, body);
    }

    /** Values spread over [-8, 8), across every kink of the activations. */
    private static float[] inputs() {
        float[] v = Reference.values(SEED, SHAPE.size());
        for (int i = 0; i < v.length; i++) {
            v[i] *= 8;
        }
        return v;
    }

    private static Measured activation(NDManager m, Activation a, MemoryFormat layout) {
        float[] xs = inputs();
        double[] y = new double[xs.length];
        double[] gx = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            y[i] = a.applyScalar(xs[i]);
            gx[i] = derivative(a, xs[i]);
        }
        NDArray x = Probes.leaf(layout.create(m, xs, SHAPE));
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray out = a.apply(x);
            gc.backward(out.sum());
            return Measured.of("output", out.toFloatArray(), y)
                    .worse(Measured.of("input gradient", x.getGradient().toFloatArray(), gx));
        }
    }

    private static double derivative(Activation a, double x) {
        return switch (a) {
            case RELU6 -> x > 0 && x < 6 ? 1 : 0;
            case HARD_SIGMOID -> x > -3 && x < 3 ? 1.0 / 6 : 0;
            case HARD_SWISH -> x < -3 ? 0 : x > 3 ? 1 : (2 * x + 3) / 6;
            default -> throw new IllegalArgumentException("no derivative for " + a);
        };
    }

    private static Measured inPlace(NDManager m, MemoryFormat layout) {
        float[] xs = inputs();
        Measured worst = null;
        for (Activation a : IN_PLACE) {
            double[] y = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                y[i] = a.applyScalar(xs[i]);
            }
            NDArray x = layout.create(m, xs, SHAPE);
            NDArray out = TorchOps.applyInPlace(a, x);
            worst = Measured.of(a + " in place", out.toFloatArray(), y).worse(worst);
        }
        return worst;
    }

    private static Measured adam(NDManager m, MemoryFormat layout) {
        Shape s = new Shape(8, 4, 3, 3);
        float[] p = Reference.values(SEED + 1, s.size());
        float[] g = Reference.values(SEED + 2, s.size());
        float[] mo = Reference.values(SEED + 3, s.size());
        float[] v = Reference.values(SEED + 4, s.size());
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] * v[i];
        }
        Measured worst = null;
        for (boolean decoupled : new boolean[] {false, true}) {
            NDArray param = m.create(p, s);
            NDArray grad = layout.create(m, g, s);
            double[] ref = Reference.adam(p, g, mo, v, 3, 1e-2, 0.9, 0.999, 1e-2, 1e-8, decoupled);
            TorchOps.adamUpdate(param, grad, m.create(mo, s), m.create(v, s), m.create(3f), 1e-2, 0.9, 0.999, 1e-2, 1e-8, decoupled);
            worst = Measured.of(decoupled ? "AdamW step" : "Adam step", param.toFloatArray(), ref).worse(worst);
        }
        return worst;
    }

    private static Measured casts(NDManager m) {
        float[] xs = inputs();
        double[] ref = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            ref[i] = Reference.bfloat16(xs[i]);
        }
        NDArray back = TorchOps.toFloat32(TorchOps.toBfloat16(m.create(xs, SHAPE)));
        return Measured.of("float32 -> bfloat16 -> float32", back.toFloatArray(), ref);
    }
}
