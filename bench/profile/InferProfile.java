// Batch-1 inference latency of image models, and optionally its operator profile.
//   java -Dai.djl.offline=true -cp target/prism.jar bench/profile/InferProfile.java SIZE PASSES MODEL... [-Dtrace=PREFIX]
// Warm-up passes first (-Dwarm=N, default 100), then PASSES timed passes (each input created from a
// Java array in its own sub-manager, as `prism bench` does); prints median, p10 and p90 in ms.
// With -Dtrace=PREFIX the timed passes are profiled into PREFIX-MODEL.json (summarise with
// bench/profile/ops.py PREFIX-MODEL.json PASSES).
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelRegistry;
import dev.prism.models.ModelSpec;
import dev.prism.nn.MemoryFormat;
import java.util.Arrays;
import java.util.Random;

public class InferProfile {
    public static void main(String[] args) {
        dev.prism.nn.MallocPolicy.apply(); // as the command line does
        if (args.length < 3) {
            System.err.println("usage: InferProfile SIZE PASSES MODEL...");
            System.exit(2);
        }
        int size = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        String trace = System.getProperty("trace");
        int warm = Integer.getInteger("warm", 100);
        for (int k = 2; k < args.length; k++) {
            ModelSpec spec = ModelRegistry.builtIn().get(args[k]);
            ModelOptions o = spec.resolve(ModelOptions.defaults().withClasses(1000).withInputSize(size));
            Shape shape = spec.inputShape(o, 1);
            float[] x = new float[(int) shape.size()];
            Random r = new Random(3);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            double[] t = new double[n];
            try (NDManager m = NDManager.newBaseManager()) {
                Block block = spec.create(m, o, 1);
                ParameterStore ps = new ParameterStore(m, false);
                for (int i = -warm; i < n; i++) {
                    if (i == 0 && trace != null) {
                        JniUtils.startProfile(false, true, false);
                    }
                    long t0 = System.nanoTime();
                    try (NDManager bm = m.newSubManager()) {
                        NDArray in = MemoryFormat.INPUTS.create(bm, x, shape);
                        block.forward(ps, new NDList(in), false).singletonOrThrow().toFloatArray();
                    }
                    if (i >= 0) {
                        t[i] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                if (trace != null) {
                    JniUtils.stopProfile(trace + "-" + args[k] + ".json");
                }
            }
            Arrays.sort(t);
            System.out.printf("%s@%d batch 1: median %.2f ms, p10 %.2f, p90 %.2f%n", args[k], size, t[n / 2], t[n / 10], t[n * 9 / 10]);
        }
    }
}
