package dev.prism.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.prism.engine.Probe.Kind;
import dev.prism.engine.Probe.Measured;
import dev.prism.nn.MemoryFormat;
import dev.prism.nn.SqueezeExcite;
import dev.prism.nn.TorchNames;
import dev.prism.nn.TorchOps;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The catalogue of engine probes: every operator pattern Prism's networks rely on, in every layout
 * and precision Prism may use, each checked forward and backward against {@link Reference}.
 *
 * <p>Why these shapes: 1x1 convolutions on 1x1 to 14x14 maps with up to 1024 outputs (MobileNet's
 * pointwise layers, and the pattern oneDNN 3.7's brgemm 1x1 kernel gets wrong or crashes on when
 * the CPU reports no cache sizes: 4x256x1x1 to 1024 outputs is the SIGFPE case seen on an AMD EPYC
 * VM), 3x3 full, depthwise and grouped convolutions from 1x1 up with stride 1 and 2, BatchNorm in
 * training mode, squeeze-and-excitation, linear layers, HybridSN's 3-D kernels, bfloat16
 * convolution and linear layers, and each of Prism's native operators.
 */
public final class Probes {

    private static final int SEED = 20261130;

    /** References are computed once per shape and shared by the layouts and precisions probing it. */
    private static final Map<Object, Object> REFERENCES = new ConcurrentHashMap<>();

    private Probes() {}

    /** Every probe, in the order they run (cheap and crash-prone first within each layout). */
    public static List<Probe> all() {
        List<Probe> out = new ArrayList<>();
        for (MemoryFormat layout : MemoryFormat.values()) {
            for (Reference.Conv c : images()) {
                out.add(conv(c, layout, false));
            }
            out.add(batchNorm(4, 64, 2, 2, layout));
            out.add(batchNorm(8, 16, 7, 7, layout));
            out.add(batchNorm(4, 512, 1, 1, layout));
            out.add(squeezeExcite(4, 64, 4, 4, layout));
            out.add(squeezeExcite(4, 512, 1, 1, layout));
            for (Reference.Conv c : volumes()) {
                out.add(conv(c, layout, false));
            }
        }
        out.add(linear(4, 512, 1024, false));
        out.add(linear(4, 2048, 256, false));
        if (TorchOps.available()) { // bfloat16 runs on Prism's native casts alone
            for (MemoryFormat layout : MemoryFormat.values()) {
                out.add(conv(pointwise(4, 256, 512, 2), layout, true));
                out.add(conv(conv2d(2, 32, 64, 7, 3, 1, 1), layout, true));
                out.add(conv(conv2d(2, 64, 64, 7, 3, 1, 64), layout, true));
                out.add(conv(new Reference.Conv(2, 8, 16, 6, 7, 7, 3, 3, 3, 1, 0, 0, 1), layout, true));
            }
            out.add(linear(4, 512, 256, true));
        }
        out.addAll(NativeProbes.all());
        return out;
    }

    /** The probe named {@code id}. */
    public static Probe byId(String id) {
        return byIds(List.of(id)).get(0);
    }

    /** The probes named {@code ids}, in that order. */
    public static List<Probe> byIds(List<String> ids) {
        Map<String, Probe> known = new java.util.HashMap<>();
        all().forEach(p -> known.put(p.id(), p));
        List<Probe> out = new ArrayList<>();
        for (String id : ids) {
            Probe p = known.get(id);
            if (p == null) {
                throw new IllegalArgumentException("no engine probe named '" + id + "'");
            }
            out.add(p);
        }
        return out;
    }

    static List<Reference.Conv> images() {
        return List.of(
                pointwise(4, 256, 1024, 1),
                pointwise(2, 96, 512, 1),
                pointwise(4, 256, 512, 2),
                pointwise(8, 32, 64, 7),
                pointwise(2, 64, 128, 14),
                conv2d(4, 16, 32, 1, 3, 1, 1),
                conv2d(4, 16, 32, 2, 3, 1, 1),
                conv2d(2, 32, 64, 7, 3, 1, 1),
                conv2d(2, 3, 16, 14, 3, 2, 1),
                conv2d(4, 32, 32, 1, 3, 1, 32),
                conv2d(2, 64, 64, 7, 3, 1, 64),
                conv2d(2, 32, 32, 14, 3, 2, 32),
                conv2d(2, 32, 64, 7, 3, 1, 4));
    }

    static List<Reference.Conv> volumes() {
        return List.of(
                new Reference.Conv(2, 1, 8, 8, 9, 9, 7, 3, 3, 1, 0, 0, 1),
                new Reference.Conv(2, 8, 16, 6, 7, 7, 5, 3, 3, 1, 0, 0, 1),
                new Reference.Conv(2, 16, 32, 4, 5, 5, 3, 3, 3, 1, 0, 0, 1),
                new Reference.Conv(2, 32, 64, 3, 3, 3, 1, 1, 1, 1, 0, 0, 1));
    }

    private static Reference.Conv pointwise(int n, int in, int out, int size) {
        return new Reference.Conv(n, in, out, 1, size, size, 1, 1, 1, 1, 0, 0, 1);
    }

    private static Reference.Conv conv2d(int n, int in, int out, int size, int k, int stride, int groups) {
        return new Reference.Conv(n, in, out, 1, size, size, 1, k, k, stride, k / 2, 0, groups);
    }

    @SuppressWarnings("unchecked")
    static <K, V> V reference(K key, Function<K, V> make) {
        return (V) REFERENCES.computeIfAbsent(key, k -> make.apply((K) k));
    }

    // ---- convolutions ----

    private record ConvData(float[] x, float[] w, float[] b, float[] g, double[] y, double[] gx, double[] gw, double[] gb) {
        static ConvData of(Reference.Conv c) {
            float[] x = Reference.values(SEED, c.inputSize());
            float[] w = Reference.values(SEED + 1, c.weightSize());
            float[] b = Reference.values(SEED + 2, c.out());
            float[] g = Reference.values(SEED + 3, c.outputSize());
            return new ConvData(x, w, b, g, c.forward(x, w, b), c.gradInput(g, w), c.gradWeight(x, g), c.gradBias(g));
        }
    }

    private static Probe conv(Reference.Conv c, MemoryFormat layout, boolean bf16) {
        boolean threeD = c.depth() > 1;
        String name;
        if (threeD) {
            name = "conv3d " + c.kd() + "x" + c.kh() + "x" + c.kw();
        } else if (c.groups() == c.in() && c.groups() > 1) {
            name = "depthwise " + c.kh() + "x" + c.kw();
        } else if (c.groups() > 1) {
            name = "grouped(" + c.groups() + ") " + c.kh() + "x" + c.kw();
        } else {
            name = "conv2d " + c.kh() + "x" + c.kw();
        }
        String shape = c.n() + "x" + c.in() + "x" + (threeD ? c.depth() + "x" : "") + c.height() + "x" + c.width()
                + "->" + c.out() + (c.stride() > 1 ? " s" + c.stride() : "");
        return new Probe(name.replace(' ', '-') + "/" + shape.replace(' ', '-'),
                threeD ? Kind.VOLUMES : Kind.IMAGES, name + " " + shape, layout, bf16,
                m -> runConv(m, c, layout, bf16));
    }

    private static Measured runConv(NDManager m, Reference.Conv c, MemoryFormat layout, boolean bf16) {
        ConvData d = reference(c, ConvData::of);
        boolean threeD = c.depth() > 1;
        Shape xs = threeD ? new Shape(c.n(), c.in(), c.depth(), c.height(), c.width()) : new Shape(c.n(), c.in(), c.height(), c.width());
        Shape ws = threeD ? new Shape(c.out(), c.in() / c.groups(), c.kd(), c.kh(), c.kw())
                : new Shape(c.out(), c.in() / c.groups(), c.kh(), c.kw());
        Shape ys = threeD ? new Shape(c.n(), c.out(), c.outDepth(), c.outHeight(), c.outWidth())
                : new Shape(c.n(), c.out(), c.outHeight(), c.outWidth());
        NDArray x = leaf(layout.create(m, d.x(), xs));
        NDArray w = leaf(m.create(d.w(), ws));
        NDArray b = leaf(m.create(d.b()));
        NDArray g = layout.create(m, d.g(), ys);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y;
            if (threeD) {
                y = Conv3d.conv3d(cast(x, bf16), cast(w, bf16), cast(b, bf16), new Shape(c.stride(), c.stride(), c.stride()),
                        new Shape(c.padDepth(), c.pad(), c.pad()), new Shape(1, 1, 1), c.groups()).singletonOrThrow();
            } else {
                y = Conv2d.conv2d(cast(x, bf16), cast(w, bf16), cast(b, bf16), new Shape(c.stride(), c.stride()),
                        new Shape(c.pad(), c.pad()), new Shape(1, 1), c.groups()).singletonOrThrow();
            }
            y = uncast(y, bf16);
            gc.backward(y.mul(g).sum());
            return Measured.of("output", y.toFloatArray(), d.y())
                    .worse(Measured.of("input gradient", x.getGradient().toFloatArray(), d.gx()))
                    .worse(Measured.of("weight gradient", w.getGradient().toFloatArray(), d.gw()))
                    .worse(Measured.of("bias gradient", b.getGradient().toFloatArray(), d.gb()));
        }
    }

    static NDArray leaf(NDArray x) {
        x.setRequiresGradient(true);
        return x;
    }

    private static NDArray cast(NDArray x, boolean bf16) {
        return bf16 ? TorchOps.toBfloat16(x) : x;
    }

    private static NDArray uncast(NDArray x, boolean bf16) {
        return bf16 ? TorchOps.toFloat32(x) : x;
    }

    // ---- linear ----

    private record LinearShape(int n, int in, int out) {}

    private record LinearData(float[] x, float[] w, float[] b, float[] g, double[] y, double[] gx, double[] gw) {
        static LinearData of(LinearShape s) {
            float[] x = Reference.values(SEED + 4, (long) s.n() * s.in());
            float[] w = Reference.values(SEED + 5, (long) s.out() * s.in());
            float[] b = Reference.values(SEED + 6, s.out());
            float[] g = Reference.values(SEED + 7, (long) s.n() * s.out());
            // dL/dx = g W (n x in); dL/dW = g^T x (out x in): both are linear maps of the reference
            double[] gx = Reference.linear(g, transpose(w, s.out(), s.in()), null, s.n(), s.out(), s.in());
            double[] gw = Reference.linear(transpose(g, s.n(), s.out()), transpose(x, s.n(), s.in()), null, s.out(), s.n(), s.in());
            return new LinearData(x, w, b, g, Reference.linear(x, w, b, s.n(), s.in(), s.out()), gx, gw);
        }
    }

    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }

    private static Probe linear(int n, int in, int out, boolean bf16) {
        LinearShape s = new LinearShape(n, in, out);
        String shape = n + "x" + in + "->" + out;
        return new Probe("linear/" + shape, Kind.IMAGES, "linear " + shape, null, bf16, m -> {
            LinearData d = reference(s, LinearData::of);
            NDArray x = leaf(m.create(d.x(), new Shape(n, in)));
            NDArray w = leaf(m.create(d.w(), new Shape(out, in)));
            NDArray b = leaf(m.create(d.b()));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = uncast(Linear.linear(cast(x, bf16), cast(w, bf16), cast(b, bf16)).singletonOrThrow(), bf16);
                gc.backward(y.mul(m.create(d.g(), new Shape(n, out))).sum());
                return Measured.of("output", y.toFloatArray(), d.y())
                        .worse(Measured.of("input gradient", x.getGradient().toFloatArray(), d.gx()))
                        .worse(Measured.of("weight gradient", w.getGradient().toFloatArray(), d.gw()));
            }
        });
    }

    // ---- BatchNorm (training mode) ----

    private record NormShape(int n, int c, int h, int w) {}

    private static Probe batchNorm(int n, int c, int h, int w, MemoryFormat layout) {
        NormShape s = new NormShape(n, c, h, w);
        String shape = n + "x" + c + "x" + h + "x" + w;
        return new Probe("batchnorm/" + shape, Kind.IMAGES, "batchnorm (training) " + shape, layout, false, m -> {
            float[] xs = Reference.values(SEED + 8, (long) n * c * h * w);
            float[] gamma = Reference.values(SEED + 9, c);
            float[] beta = Reference.values(SEED + 10, c);
            float[] gs = Reference.values(SEED + 11, xs.length);
            Reference.BatchNorm r = reference(List.of("batchnorm", s), k -> Reference.BatchNorm.of(xs, gamma, beta, gs, n, c, h * w, 1e-5));
            Shape shp = new Shape(n, c, h, w);
            NDArray x = leaf(layout.create(m, xs, shp));
            NDArray ga = leaf(m.create(gamma));
            NDArray be = leaf(m.create(beta));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = BatchNorm.batchNorm(x, m.zeros(new Shape(c)), m.ones(new Shape(c)), ga, be, 1, 0.1f, 1e-5f, true)
                        .singletonOrThrow();
                gc.backward(y.mul(layout.create(m, gs, shp)).sum());
                return Measured.of("output", y.toFloatArray(), r.y())
                        .worse(Measured.of("input gradient", x.getGradient().toFloatArray(), r.gradInput()))
                        .worse(Measured.of("weight gradient", ga.getGradient().toFloatArray(), r.gradGamma()))
                        .worse(Measured.of("bias gradient", be.getGradient().toFloatArray(), r.gradBeta()));
            }
        });
    }

    // ---- squeeze-and-excitation, Prism's own block ----

    private static Probe squeezeExcite(int n, int c, int h, int w, MemoryFormat layout) {
        NormShape s = new NormShape(n, c, h, w);
        String shape = n + "x" + c + "x" + h + "x" + w;
        return new Probe("squeeze-excite/" + shape, Kind.IMAGES, "squeeze-excite (r16) " + shape,
                layout, false, m -> runSqueezeExcite(m, s, layout));
    }

    private static Measured runSqueezeExcite(NDManager m, NormShape s, MemoryFormat layout) {
        SqueezeExcite se = SqueezeExcite.builder().setChannels(s.c()).build();
        int q = se.getSqueezeChannels();
        Shape shp = new Shape(s.n(), s.c(), s.h(), s.w());
        se.initialize(m, DataType.FLOAT32, shp);
        Map<String, Parameter> p = TorchNames.of(se);
        float[] w1 = Reference.values(SEED + 12, (long) q * s.c());
        float[] b1 = Reference.values(SEED + 13, q);
        float[] w2 = Reference.values(SEED + 14, (long) s.c() * q);
        float[] b2 = Reference.values(SEED + 15, s.c());
        p.get("fc1.weight").getArray().set(FloatBuffer.wrap(w1));
        p.get("fc1.bias").getArray().set(FloatBuffer.wrap(b1));
        p.get("fc2.weight").getArray().set(FloatBuffer.wrap(w2));
        p.get("fc2.bias").getArray().set(FloatBuffer.wrap(b2));
        float[] xs = Reference.values(SEED + 16, shp.size());
        float[] gs = Reference.values(SEED + 17, shp.size());
        Reference.SqueezeExcite r = reference(List.of("squeeze-excite", s), k -> Reference.SqueezeExcite.of(xs, w1, b1, w2, b2, gs, s.n(), s.c(), q,
                s.h() * s.w()));
        NDArray x = leaf(layout.create(m, xs, shp));
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = se.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
            gc.backward(y.mul(layout.create(m, gs, shp)).sum());
            return Measured.of("output", y.toFloatArray(), r.y())
                    .worse(Measured.of("input gradient", x.getGradient().toFloatArray(), r.gradInput()));
        }
    }
}
