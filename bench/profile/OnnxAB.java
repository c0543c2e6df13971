import ai.djl.ndarray.NDManager;
import dev.prism.bench.Bench;
import ai.onnxruntime.*;
import java.nio.file.*;
import java.util.*;

// Prism's ONNX export against another exporter's file of the same network, both in ONNX Runtime,
// passes alternated A, B, A, B ... on the same input (so a machine that speeds up or slows down
// favours neither), for a paired comparison:
//   java -Dai.djl.offline=true -cp core/target/prism.jar bench/profile/OnnxAB.java DIR BATCH PAIRS MODEL@SIZE...
// DIR holds the other exporter's MODEL@SIZE.onnx (bench/peer.py --export-onnx DIR writes PyTorch's).
// Prints per case the median of each side, the ratio of medians (>1: Prism's export faster) and in
// how many pairs Prism's pass was the faster. Half the pairs run with Prism's session created first,
// half with the other's (the session created first measured up to 5% slower against an identical
// second one), and a control times the other file against itself the same way: a ratio is a
// difference between the exports only where it lies outside the control's. Both sessions are set as Prism's (all graph
// optimisations, intra-op threads = cores, one inter-op thread) but with their threads' spinning
// off: two sessions in one process would otherwise each spin on the cores the other one needs.
public class OnnxAB {
    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        int batch = Integer.parseInt(a[1]);
        int pairs = Integer.parseInt(a[2]);
        int threads = Runtime.getRuntime().availableProcessors();
        for (int k = 3; k < a.length; k++) {
            Bench.InferCase c = Bench.InferCase.parse(a[k]);
            byte[] prism;
            try (NDManager m = NDManager.newBaseManager()) {
                prism = c.prismExport(m);
            }
            long[] shape = c.inputShape(batch);
            float[] x = new float[(int) Arrays.stream(shape).reduce(1, (p, q) -> p * q)];
            Random r = new Random(3);
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            byte[] other = Files.readAllBytes(dir.resolve(a[k] + ".onnx"));
            // Prism's against the other, each order of session creation for half the pairs.
            double[][] ab = measure(prism, other, x, shape, pairs / 2, threads);
            double[][] ba = measure(other, prism, x, shape, pairs - pairs / 2, threads);
            double[] tp = concat(ab[0], ba[1]);
            double[] to = concat(ab[1], ba[0]);
            // The control: the other exporter's file against itself, the same way.
            double[][] aa = measure(other, other, x, shape, pairs, threads);
            System.out.printf(Locale.ROOT, "%-24s batch %2d  Prism's export %8.2f ms  other %8.2f ms  ratio %.3fx  Prism faster in %d of %d pairs"
                    + "  | control (other vs itself) %.3fx, first faster in %d of %d%n",
                    a[k], batch, median(tp), median(to), median(to) / median(tp), faster(tp, to), pairs,
                    median(aa[1]) / median(aa[0]), faster(aa[0], aa[1]), pairs);
        }
    }

    /** Times two sessions (created in this order) pass by pass, alternating which runs first; {times of a, times of b}. */
    static double[][] measure(byte[] first, byte[] second, float[] x, long[] shape, int pairs, int threads) throws Exception {
        try (Session pa = new Session(first, threads); Session pb = new Session(second, threads)) {
            long warmUntil = System.nanoTime() + 2_000_000_000L;
            for (int w = 0; w < 5 || System.nanoTime() < warmUntil; w++) {
                pa.scores(x, shape);
                pb.scores(x, shape);
            }
            double[] ta = new double[pairs];
            double[] tb = new double[pairs];
            for (int i = 0; i < pairs; i++) {
                boolean aFirst = i % 2 == 0;
                for (int s = 0; s < 2; s++) {
                    boolean isA = (s == 0) == aFirst;
                    long t0 = System.nanoTime();
                    (isA ? pa : pb).scores(x, shape);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (isA) ta[i] = ms; else tb[i] = ms;
                }
            }
            return new double[][] {ta, tb};
        }
    }

    static int faster(double[] a, double[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) n += a[i] < b[i] ? 1 : 0;
        return n;
    }

    static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** An ONNX Runtime session as Prism makes one, without spinning threads. */
    static final class Session implements AutoCloseable {
        private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
        private final OrtSession session;
        private final String input;

        Session(byte[] model, int threads) throws OrtException {
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                o.setIntraOpNumThreads(threads);
                o.setInterOpNumThreads(1);
                o.addConfigEntry("session.intra_op.allow_spinning", "0");
                session = ENV.createSession(model, o);
            }
            input = session.getInputNames().iterator().next();
        }

        void scores(float[] x, long[] shape) throws OrtException {
            try (OnnxTensor t = OnnxTensor.createTensor(ENV, java.nio.FloatBuffer.wrap(x), shape);
                    OrtSession.Result r = session.run(Map.of(input, t))) {
                r.get(0);
            }
        }

        @Override
        public void close() throws OrtException {
            session.close();
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
