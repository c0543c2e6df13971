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
 * the self-check can pick the faster: for images a MobileNet-like unit (3x3 convolution, BatchNorm,
 * ReLU, depthwise 3x3, pointwise 1x1 with BatchNorm) on 16 x 16 x 32 x 32, for volumes HybridSN's
 * first two 3-D convolutions on 8 x 1 x 30 x 15 x 15; forward and backward, median of 5 after 2
 * warm-up passes. Which format wins differs between CPUs (docs/performance.md).
 */
final class SpeedProbe {

    private static final int WARM_UP = 2;
    private static final int TIMED = 5;

    private SpeedProbe() {}

    /** The median milliseconds of one forward and backward pass of the workload. */
    static double millis(NDManager manager, MemoryFormat layout, boolean volumes) {
        double[] t = new double[TIMED];
        for (int i = 0; i < WARM_UP + TIMED; i++) {
            try (NDManager m = manager.newSubManager()) {
                long start = System.nanoTime();
                if (volumes) {
                    volumes(m, layout);
                } else {
                    images(m, layout);
                }
                if (i >= WARM_UP) {
                    t[i - WARM_UP] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        Arrays.sort(t);
        return t[TIMED / 2];
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
        NDArray x = layout.create(m, Reference.values(1, 16L * 16 * 32 * 32), new Shape(16, 16, 32, 32));
        NDArray w1 = weight(m, 2, 32, 16, 3, 3);
        NDArray w2 = weight(m, 3, 32, 1, 3, 3);
        NDArray w3 = weight(m, 4, 64, 32, 1, 1);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = Conv2d.conv2d(x, w1, null, new Shape(1, 1), new Shape(1, 1)).singletonOrThrow();
            y = ai.djl.nn.Activation.relu(norm(m, y, 32));
            y = Conv2d.conv2d(y, w2, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 32).singletonOrThrow();
            y = norm(m, Conv2d.conv2d(y, w3).singletonOrThrow(), 64);
            gc.backward(y.square().mean());
        }
    }

    private static NDArray norm(NDManager m, NDArray y, int c) {
        return BatchNorm.batchNorm(y, m.zeros(new Shape(c)), m.ones(new Shape(c)), m.ones(new Shape(c)),
                m.zeros(new Shape(c)), 1, 0.1f, 1e-5f, true).singletonOrThrow();
    }

    private static void volumes(NDManager m, MemoryFormat layout) {
        NDArray x = layout.create(m, Reference.values(5, 8L * 30 * 15 * 15), new Shape(8, 1, 30, 15, 15));
        NDArray w1 = weight(m, 6, 8, 1, 7, 3, 3);
        NDArray w2 = weight(m, 7, 16, 8, 5, 3, 3);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = ai.djl.nn.Activation.relu(Conv3d.conv3d(x, w1).singletonOrThrow());
            y = ai.djl.nn.Activation.relu(Conv3d.conv3d(y, w2).singletonOrThrow());
            gc.backward(y.square().mean());
        }
    }
}
