package dev.prism.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import dev.prism.nn.MemoryFormat;
import java.util.Arrays;

/**
 * How fast a small training step runs in one memory format, so that where both formats are right
 * the self-check can pick the faster: for images a MobileNetV2 inverted residual (1x1 expansion to
 * 192 channels, depthwise 3x3, 1x1 projection, BatchNorm and ReLU, residual sum) then a 3x3
 * convolution with BatchNorm, on 32 x 32 x 16 x 16; for volumes HybridSN's
 * three 3-D convolutions on 8 x 1 x 30 x 25 x 25; forward and backward. {@link ProbeMain} alternates the
 * formats pass by pass (so a machine's drift hits both alike) and keeps the median of 5 timed
 * passes after 2 warm-up passes. Which format wins differs between CPUs (docs/performance.md).
 */
final class SpeedProbe {

    /** Untimed passes of each workload before timing. */
    static final int WARM_UP = 2;
    /** Timed passes of each workload; the median counts. */
    static final int TIMED = 5;

    private SpeedProbe() {}

    /** Milliseconds of one forward and backward pass of the workload, in its own scope. */
    static double pass(NDManager manager, MemoryFormat layout, boolean volumes) {
        try (NDManager m = manager.newSubManager()) {
            long start = System.nanoTime();
            if (volumes) {
                volumes(m, layout);
            } else {
                images(m, layout);
            }
            return (System.nanoTime() - start) / 1e6;
        }
    }

    /**
     * Whether a workload ({@code images/LAYOUT} or {@code volumes/LAYOUT}) is not to be timed: an
     * fp32 probe it depends on failed in that layout (image probes for both, 3-D probes for
     * volumes), so the layout is out and its kernels may crash.
     */
    static boolean ruledOut(String target, java.util.Collection<ProbeResult> results) {
        String[] parts = target.split("/");
        boolean volumes = parts[0].equals("volumes");
        return results.stream().anyMatch(r -> !r.passed() && r.precision().equals("fp32") && r.layout().equals(parts[1])
                && (r.kind() == Probe.Kind.IMAGES || (volumes && r.kind() == Probe.Kind.VOLUMES)));
    }

    /** The median of {@code times}. */
    static double median(double[] times) {
        double[] t = times.clone();
        Arrays.sort(t);
        return t[t.length / 2];
    }

    private static NDArray weight(NDManager m, int seed, long... shape) {
        Shape s = new Shape(shape);
        float[] v = Reference.values(seed, s.size());
        for (int i = 0; i < v.length; i++) {
            v[i] *= 0.1f;
        }
        return Probes.leaf(m.create(v, s));
    }

    private static void images(NDManager m, MemoryFormat layout) {
        NDArray x = layout.create(m, Reference.values(1, 32L * 32 * 16 * 16), new Shape(32, 32, 16, 16));
        NDArray expand = weight(m, 2, 192, 32, 1, 1);
        NDArray depthwise = weight(m, 3, 192, 1, 3, 3);
        NDArray project = weight(m, 4, 32, 192, 1, 1);
        NDArray full = weight(m, 5, 32, 32, 3, 3);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = ai.djl.nn.Activation.relu(norm(m, Conv2d.conv2d(x, expand).singletonOrThrow(), 192));
            y = Conv2d.conv2d(y, depthwise, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 192).singletonOrThrow();
            y = ai.djl.nn.Activation.relu(norm(m, y, 192));
            y = norm(m, Conv2d.conv2d(y, project).singletonOrThrow(), 32).add(x);
            y = Conv2d.conv2d(y, full, null, new Shape(1, 1), new Shape(1, 1)).singletonOrThrow();
            gc.backward(norm(m, y, 32).square().mean());
        }
    }

    private static NDArray norm(NDManager m, NDArray y, int c) {
        return BatchNorm.batchNorm(y, m.zeros(new Shape(c)), m.ones(new Shape(c)), m.ones(new Shape(c)),
                m.zeros(new Shape(c)), 1, 0.1f, 1e-5f, true).singletonOrThrow();
    }

    private static void volumes(NDManager m, MemoryFormat layout) {
        NDArray x = layout.create(m, Reference.values(5, 8L * 30 * 25 * 25), new Shape(8, 1, 30, 25, 25));
        NDArray w1 = weight(m, 6, 8, 1, 7, 3, 3);
        NDArray w2 = weight(m, 7, 16, 8, 5, 3, 3);
        NDArray w3 = weight(m, 8, 32, 16, 3, 3, 3);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = ai.djl.nn.Activation.relu(Conv3d.conv3d(x, w1).singletonOrThrow());
            y = ai.djl.nn.Activation.relu(Conv3d.conv3d(y, w2).singletonOrThrow());
            y = ai.djl.nn.Activation.relu(Conv3d.conv3d(y, w3).singletonOrThrow());
            gc.backward(y.square().mean());
        }
    }
}
