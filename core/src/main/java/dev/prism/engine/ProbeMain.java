package dev.prism.engine;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import dev.prism.nn.MemoryFormat;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The child process of the engine self-check: runs the probes it is given and the speed workloads,
 * announcing each before it starts, so that if a kernel kills this JVM the parent knows which.
 *
 * <p>Arguments: {@code --probes ID,ID,...} (or {@code all}), {@code --speed images/LAYOUT,...}
 * (optional) and, for the self-check's own tests, {@code --inject ID-PART=crash|wrong;...}, which
 * makes probes whose id contains ID-PART crash the JVM for real (a write to address 0) or report a
 * wrong value. Output lines start with {@link #PREFIX}; everything else on stdout is ignored.
 */
public final class ProbeMain {

    static final String PREFIX = "PRISM-PROBE ";
    static final Gson GSON = new com.google.gson.GsonBuilder().serializeSpecialFloatingPointValues().create();

    private ProbeMain() {}

    /** Runs the probes named in {@code args} in this process (a child of the self-check) and prints one JSON result per line. */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        Map<String, String> inject = parseInject(opts.getOrDefault("--inject", ""));
        PrintStream out = System.out;
        List<ProbeResult> results = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Probe p : select(opts.getOrDefault("--probes", "all"))) {
                out.println(PREFIX + "start " + p.id());
                out.flush();
                ProbeResult r = injected(p, inject.entrySet().stream()
                        .filter(e -> p.id().contains(e.getKey())).map(Map.Entry::getValue).findFirst().orElse(null), manager);
                results.add(r);
                out.println(PREFIX + "result " + GSON.toJson(r));
                out.flush();
            }
            speed(out, manager, opts.getOrDefault("--speed", ""), results, inject);
        }
        out.println(PREFIX + "done");
        out.flush();
    }

    private static List<Probe> select(String ids) {
        if (ids.equals("all")) {
            return Probes.all();
        }
        List<String> wanted = new ArrayList<>();
        for (String id : ids.split(",")) {
            if (!id.isBlank()) {
                wanted.add(id.trim());
            }
        }
        return Probes.byIds(wanted);
    }

    /**
     * Times each {@code images/LAYOUT} or {@code volumes/LAYOUT} target, pass by pass in turn, except
     * those of a layout a probe failed in here. Each pass is announced, so a crash names its target.
     */
    private static void speed(PrintStream out, NDManager manager, String spec, List<ProbeResult> results,
            Map<String, String> inject) throws Exception {
        List<String> targets = new ArrayList<>();
        for (String t : spec.split(",")) {
            String target = t.trim();
            if (target.split("/").length == 2 && !SpeedProbe.ruledOut(target, results)) {
                targets.add(target);
            }
        }
        double[][] times = new double[targets.size()][SpeedProbe.TIMED];
        for (int pass = 0; pass < SpeedProbe.WARM_UP + SpeedProbe.TIMED; pass++) {
            for (int i = 0; i < targets.size(); i++) {
                String target = targets.get(i);
                out.println(PREFIX + "speed-start " + target);
                out.flush();
                if ("crash".equals(inject.get(target))) {
                    crash();
                }
                double ms = SpeedProbe.pass(manager, MemoryFormat.parse(target.split("/")[1]), target.startsWith("volumes/"));
                if (pass >= SpeedProbe.WARM_UP) {
                    times[i][pass - SpeedProbe.WARM_UP] = ms;
                }
            }
        }
        for (int i = 0; i < targets.size(); i++) {
            out.println(PREFIX + "speed " + targets.get(i) + " " + SpeedProbe.median(times[i]));
        }
        out.flush();
    }

    private static ProbeResult injected(Probe p, String fault, NDManager manager) throws Exception {
        if ("crash".equals(fault)) {
            crash();
        }
        ProbeResult r = p.run(manager);
        if ("wrong".equals(fault)) {
            return new ProbeResult(r.id(), r.kind(), r.label(), r.layout(), r.precision(), 0.5, r.tolerance(),
                    ProbeResult.Outcome.WRONG, "worst in output (injected fault)");
        }
        return r;
    }

    static Map<String, String> parseInject(String spec) {
        Map<String, String> out = new TreeMap<>();
        for (String item : spec.split(";")) {
            int eq = item.lastIndexOf('=');
            if (eq > 0) {
                out.put(item.substring(0, eq), item.substring(eq + 1));
            }
        }
        return out;
    }

    /** Kills this JVM the way a faulting native kernel does: a write to address 0 (SIGSEGV). */
    private static void crash() throws Exception {
        Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        ((sun.misc.Unsafe) f.get(null)).putAddress(0, 0);
    }
}
