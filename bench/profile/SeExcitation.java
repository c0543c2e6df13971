// Squeeze-and-excitation's two "FC" layers as 1x1 convolutions on (N, C, 1, 1) (Prism before the
// engine self-check, and both PyTorch references) against matrix products on (N, C) (Prism now,
// nn.PointwiseLinear): the excitation alone, forward + backward, at SE-ResNet18's training shapes
// (batch 64) and MobileNetV3's batch-1 inference shapes. Alternated, median of 15 after 5 warm-up.
//   java -Dai.djl.offline=true -cp target/prism.jar bench/profile/SeExcitation.java
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import dev.prism.nn.MallocPolicy;
import java.util.Arrays;

public class SeExcitation {
    static final int WARM = 5;
    static final int TIMED = 15;

    public static void main(String[] args) {
        MallocPolicy.apply();
        int[][] cases = {{64, 64, 4}, {64, 128, 8}, {64, 256, 16}, {64, 512, 32}, {1, 72, 24}, {1, 480, 120}, {1, 960, 240}};
        System.out.println("N x C -> C', excitation fwd+bwd (N=64) or fwd only (N=1), median us: conv1x1 | linear | ratio");
        try (NDManager base = NDManager.newBaseManager()) {
            for (int[] c : cases) {
                int n = c[0], ch = c[1], sq = c[2];
                boolean train = n > 1;
                NDArray w1 = base.randomNormal(new Shape(sq, ch, 1, 1));
                NDArray b1 = base.zeros(new Shape(sq));
                NDArray w2 = base.randomNormal(new Shape(ch, sq, 1, 1));
                NDArray b2 = base.zeros(new Shape(ch));
                for (NDArray p : new NDArray[] {w1, b1, w2, b2}) {
                    p.setRequiresGradient(train);
                }
                double[][] t = new double[2][TIMED];
                for (int i = 0; i < WARM + TIMED; i++) {
                    for (int way = 0; way < 2; way++) {
                        try (NDManager m = base.newSubManager()) {
                            NDArray pooled = m.randomNormal(new Shape(n, ch));
                            long s = System.nanoTime();
                            if (train) {
                                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                                    gc.backward(excite(pooled, w1, b1, w2, b2, way == 1).sum());
                                }
                            } else {
                                excite(pooled, w1, b1, w2, b2, way == 1).toFloatArray();
                            }
                            if (i >= WARM) {
                                t[way][i - WARM] = (System.nanoTime() - s) / 1e3;
                            }
                        }
                    }
                }
                double conv = median(t[0]);
                double lin = median(t[1]);
                System.out.printf("%3d x %3d -> %3d  %8.1f | %8.1f | %.2fx%n", n, ch, sq, conv, lin, conv / lin);
            }
        }
    }

    static NDArray excite(NDArray pooled, NDArray w1, NDArray b1, NDArray w2, NDArray b2, boolean linear) {
        long n = pooled.getShape().get(0);
        if (linear) {
            NDArray h = ai.djl.nn.Activation.relu(Linear.linear(pooled, w1.reshape(w1.getShape().get(0), -1), b1).singletonOrThrow());
            return ai.djl.nn.Activation.sigmoid(Linear.linear(h, w2.reshape(w2.getShape().get(0), -1), b2).singletonOrThrow());
        }
        NDArray x = pooled.reshape(n, -1, 1, 1);
        NDArray h = ai.djl.nn.Activation.relu(Conv2d.conv2d(x, w1, b1).singletonOrThrow());
        return ai.djl.nn.Activation.sigmoid(Conv2d.conv2d(h, w2, b2).singletonOrThrow());
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
