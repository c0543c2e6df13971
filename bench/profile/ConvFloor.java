// The convolutions of one training step, timed alone through Prism's engine (libtorch 2.7.1 via
// DJL, inputs channels-last as Prism runs them, Prism's malloc policy): the floor under a step.
//   /usr/bin/python3 bench/profile/conv_floor.py MODEL LAYERS.txt     (writes the layer list)
//   java -Dai.djl.offline=true -cp target/prism.jar bench/profile/ConvFloor.java LAYERS.txt
// Each line of LAYERS.txt: count | input shape | weight shape | stride | padding | groups | input
// gradient (1/0). Forward and backward (sum of the output as the loss), best of 4 after 2 warm-up.
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.training.GradientCollector;
import dev.prism.nn.MallocPolicy;
import dev.prism.nn.MemoryFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

public class ConvFloor {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ConvFloor LAYERS.txt (from bench/profile/conv_floor.py)");
            System.exit(2);
        }
        MallocPolicy.apply(); // as the command line does
        double total = 0;
        System.out.printf("libtorch 2.7.1 via DJL, %s threads, forward + backward per layer, ms (best of 4)%n",
                System.getProperty("ai.djl.pytorch.num_threads", "default"));
        try (NDManager m = NDManager.newBaseManager()) {
            for (String line : Files.readAllLines(Path.of(args[0]))) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\\|");
                int count = Integer.parseInt(f[0].trim());
                Shape x = shape(f[1]);
                Shape w = shape(f[2]);
                Shape stride = shape(f[3]);
                Shape padding = shape(f[4]);
                int groups = Integer.parseInt(f[5].trim());
                boolean inputGradient = f[6].trim().equals("1");
                double best = Double.MAX_VALUE;
                for (int it = 0; it < 6; it++) {
                    try (NDManager s = m.newSubManager()) {
                        NDArray in = MemoryFormat.INPUTS.create(s, new float[(int) x.size()], x);
                        in.setRequiresGradient(inputGradient);
                        NDArray weight = s.randomNormal(w);
                        weight.setRequiresGradient(true);
                        long t0 = System.nanoTime();
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray y = x.dimension() == 4
                                    ? Conv2d.conv2d(in, weight, null, stride, padding, new Shape(1, 1), groups).singletonOrThrow()
                                    : Conv3d.conv3d(in, weight, null, stride, padding, new Shape(1, 1, 1), groups).singletonOrThrow();
                            gc.backward(y.sum());
                        }
                        double ms = (System.nanoTime() - t0) / 1e6;
                        if (it >= 2) {
                            best = Math.min(best, ms);
                        }
                    }
                }
                total += count * best;
                System.out.printf("%2d x input %-18s weight %-16s stride %-6s: %.1f%n", count,
                        dims(x, 1), dims(w, 0), dims(stride, 0), best);
            }
        }
        System.out.printf("convolutions of one step: %.0f ms%n", total);
    }

    private static Shape shape(String field) {
        return new Shape(Arrays.stream(field.trim().split(" ")).mapToLong(Long::parseLong).toArray());
    }

    private static String dims(Shape s, int from) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < s.dimension(); i++) {
            sb.append(i > from ? "x" : "").append(s.get(i));
        }
        return sb.toString();
    }
}
