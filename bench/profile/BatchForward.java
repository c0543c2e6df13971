import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.prism.engine.EngineCheck;
import dev.prism.models.*;
import java.util.*;

// Batch-N forward passes of a frozen zoo model in the input layout of the process (-Dprism.memoryFormat=contiguous|channels-last):
//   java -Dai.djl.offline=true -Dprism.memoryFormat=contiguous [-Dtrace=FILE.json] -cp core/target/prism.jar bench/profile/BatchForward.java MODEL SIZE BATCH PASSES
// prints the median ms and samples/s; with -Dtrace the timed passes are profiled (bench/profile/ops.py FILE.json PASSES).
public class BatchForward {
    public static void main(String[] a) throws Exception {
        ModelSpec spec = ModelRegistry.builtIn().get(a[0]);
        int size = Integer.parseInt(a[1]), batch = Integer.parseInt(a[2]), reps = Integer.parseInt(a[3]);
        ModelOptions o = spec.resolve(ModelOptions.defaults().withClasses(1000).withInputSize(size));
        try (NDManager m = NDManager.newBaseManager()) {
            Block frozen = spec.freeze(m, o, spec.create(m, o, 1));
            Shape shape = spec.inputShape(o, batch);
            float[] x = new float[(int) shape.size()];
            Random r = new Random(3);
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            ParameterStore ps = new ParameterStore(m, false);
            List<Double> t = new ArrayList<>();
            for (int k = 0; k < reps + 2; k++) {
                try (NDManager s = m.newSubManager()) {
                    NDArray in = EngineCheck.check().layout().create(s, x, shape);
                    String trace = System.getProperty("trace");
                    if (k == 2 && trace != null) ai.djl.pytorch.jni.JniUtils.startProfile(false, true, true);
                    long t0 = System.nanoTime();
                    frozen.forward(ps, new NDList(in), false).singletonOrThrow().toFloatArray();
                    if (k >= 2) t.add((System.nanoTime() - t0) / 1e6);
                    if (k == reps + 1 && trace != null) ai.djl.pytorch.jni.JniUtils.stopProfile(trace);
                }
            }
            Collections.sort(t);
            double med = t.get(t.size() / 2);
            System.out.printf("%s @%d b%d %s: median %.1f ms, %.1f samples/s (min %.1f max %.1f)%n", a[0], size, batch,
                EngineCheck.check().layout().describe(), med, batch * 1000 / med, t.get(0), t.get(t.size() - 1));
        }
    }
}
