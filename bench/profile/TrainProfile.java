// Where one training step of batch 64 goes, operator by operator, in libtorch's own profiler.
// Runs against the built jar as a single-file program (no compilation step):
//   java -Dai.djl.offline=true -cp target/prism.jar bench/profile/TrainProfile.java MODEL STEPS [TRACE.json]
// MODEL: se-resnet18, hybridsn, mobilenet-v2-cifar (with `prism bench`'s options) or any 32x32 image model.
// Two warm-up steps, then STEPS profiled steps (forward, cross-entropy, backward, gradients zeroed),
// written as a Chrome trace with input shapes; summarise with bench/profile/ops.py TRACE STEPS.
// bench/profile/peer_profile.py does the same for the PyTorch peer. Prints forward/backward ms and
// the process's minor page faults per step (without TRACE nothing is profiled: timings only).
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.prism.bench.Bench;
import dev.prism.jobs.ProcessMemory;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelRegistry;
import dev.prism.models.ModelSpec;
import dev.prism.nn.MemoryFormat;
import dev.prism.train.Losses;
import java.util.Random;

public class TrainProfile {
    public static void main(String[] args) {
        dev.prism.nn.MallocPolicy.apply(); // as the command line does
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: TrainProfile MODEL STEPS [TRACE.json]");
            System.exit(2);
        }
        String model = args[0];
        int steps = Integer.parseInt(args[1]);
        ModelSpec spec = ModelRegistry.builtIn().get(model);
        ModelOptions o = spec.resolve(Bench.trainOptions(model));
        Shape shape = spec.inputShape(o, 64);
        Random r = new Random(3);
        float[] x = new float[(int) shape.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        int[] y = new int[64];
        for (int i = 0; i < y.length; i++) {
            y[i] = r.nextInt((int) o.classes());
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = spec.create(m, o, 1);
            ParameterStore ps = new ParameterStore(m, false);
            for (int s = -2; s < steps; s++) {
                if (s == 0 && args.length == 3) {
                    JniUtils.startProfile(false, true, false);
                }
                long faults = ProcessMemory.minorPageFaults();
                long t0 = System.nanoTime();
                long t1;
                long t2;
                try (NDManager bm = m.newSubManager()) {
                    NDArray in = MemoryFormat.INPUTS.create(bm, x, shape);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray scores = block.forward(ps, new NDList(in), true).singletonOrThrow();
                        NDArray loss = Losses.crossEntropy(scores, bm.create(y), 0);
                        t1 = System.nanoTime();
                        gc.backward(loss);
                        t2 = System.nanoTime();
                    }
                    for (Parameter p : block.getParameters().values()) {
                        if (p.requiresGradient()) {
                            JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p.getArray());
                        }
                    }
                }
                System.out.printf("step %d: forward %.0f ms, backward %.0f ms, %d minor page faults%n",
                        s, (t1 - t0) / 1e6, (t2 - t1) / 1e6, ProcessMemory.minorPageFaults() - faults);
            }
            if (args.length == 3) {
                JniUtils.stopProfile(args[2]);
            }
        }
    }
}
