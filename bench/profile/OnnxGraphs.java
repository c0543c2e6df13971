import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.*;
import dev.prism.bench.Bench;
import java.nio.file.*;
import java.util.*;

// What ONNX Runtime makes of Prism's export and of another exporter's file of the same network:
// both are optimised as Prism's sessions are (all graph optimisations, which on this CPU include
// the NCHWc layout and the fusions of activations into convolutions and GEMMs), the optimised
// graphs saved, and their node sequences compared (operator, domain, attributes, input count;
// not names or values). Prints per case SAME or the first differing nodes.
//   java -Dai.djl.offline=true -cp core/target/prism.jar bench/profile/OnnxGraphs.java DIR MODEL@SIZE...
// DIR holds the other exporter's MODEL@SIZE.onnx (bench/peer.py --export-onnx DIR writes PyTorch's).
public class OnnxGraphs {
    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        Path work = Files.createTempDirectory("onnx-graphs");
        for (int k = 1; k < a.length; k++) {
            Bench.InferCase c = Bench.InferCase.parse(a[k]);
            byte[] prism;
            try (NDManager m = NDManager.newBaseManager()) {
                prism = c.prismExport(m);
            }
            List<String> mine = optimised(prism, work.resolve("prism.onnx"));
            List<String> theirs = optimised(Files.readAllBytes(dir.resolve(a[k] + ".onnx")), work.resolve("other.onnx"));
            if (mine.equals(theirs)) {
                System.out.printf(Locale.ROOT, "%-24s SAME: %d nodes after optimisation%n", a[k], mine.size());
                continue;
            }
            System.out.printf(Locale.ROOT, "%-24s DIFFERENT: %d nodes (Prism's) against %d%n", a[k], mine.size(), theirs.size());
            int i = 0;
            while (i < Math.min(mine.size(), theirs.size()) && mine.get(i).equals(theirs.get(i))) i++;
            for (int j = i; j < Math.min(i + 8, Math.max(mine.size(), theirs.size())); j++) {
                System.out.printf(Locale.ROOT, "  %3d  Prism's: %s%n       other:   %s%n", j,
                        j < mine.size() ? mine.get(j) : "-", j < theirs.size() ? theirs.get(j) : "-");
            }
        }
    }

    /** The model optimised by ONNX Runtime as Prism's sessions optimise it, one line per node. */
    static List<String> optimised(byte[] model, Path out) throws Exception {
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setOptimizedModelFilePath(out.toString());
            try (OrtSession s = OrtEnvironment.getEnvironment().createSession(model, so)) {
                // created only for the optimised file it writes
            }
        }
        List<String> nodes = new ArrayList<>();
        for (NodeProto n : ModelProto.parseFrom(Files.readAllBytes(out)).getGraph().getNodeList()) {
            TreeMap<String, String> attrs = new TreeMap<>();
            for (AttributeProto at : n.getAttributeList()) {
                attrs.put(at.getName(), at.getIntsCount() > 0 ? at.getIntsList().toString()
                        : at.getFloatsCount() > 0 ? at.getFloatsList().toString()
                        : at.getType() == AttributeProto.AttributeType.STRING ? at.getS().toStringUtf8()
                        : at.getType() == AttributeProto.AttributeType.FLOAT ? Float.toString(at.getF())
                        : Long.toString(at.getI()));
            }
            nodes.add((n.getDomain().isEmpty() ? "" : n.getDomain() + ":") + n.getOpType() + " " + attrs + " inputs=" + n.getInputCount());
        }
        return nodes;
    }
}
