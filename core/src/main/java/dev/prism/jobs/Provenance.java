package dev.prism.jobs;

import dev.prism.nn.MallocPolicy;
import dev.prism.engine.EngineConfig;
import dev.prism.nn.TorchOps;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a number came from: the run's configuration, seed, data checksum, software versions, engine
 * settings (threads, the input memory format), Prism's git commit (when known), machine and time.
 * Written beside every run's outputs as {@code provenance.json}, in the spirit of Tribuo's
 * provenance.
 */
public record Provenance(
        Object config,
        long seed,
        String dataName,
        String dataChecksum,
        Map<String, String> versions,
        Map<String, String> engine,
        String gitCommit,
        String machine,
        String started,
        String command) {

    /**
     * The provenance of a job with {@code config}: {@code checked} is the engine configuration its
     * networks computed on in this process (the self-check's result), or null where no network
     * computes here (a spectral baseline; a map whose tiles are classified by other processes, which
     * check their own machines).
     */
    public static Provenance of(Object config, long seed, String dataName, String checksum, String command, EngineConfig checked) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("prism", "0.1.0");
        v.put("djl", "0.36.0");
        v.put("pytorch", "2.7.1 (CPU natives)");
        v.put("java", System.getProperty("java.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        String machine = Runtime.getRuntime().availableProcessors() + " cores, "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB max heap";
        Map<String, String> engine = new LinkedHashMap<>();
        engine.put("cpu", dev.prism.engine.CpuInfo.current().describe());
        engine.put("malloc", MallocPolicy.describe());
        if (checked == null) {
            // a Spark map's driver or a spectral baseline: libtorch is not loaded for the record's sake (it costs memory)
            engine.put("self_check", "not needed: no network computes in this process, libtorch not loaded");
        } else {
            engine.putAll(computing(checked));
        }
        return new Provenance(config, seed, dataName, checksum, v, engine, findGitCommit(), machine, Instant.now().toString(), command);
    }

    /** The configuration of the engine networks compute on in this process. */
    private static Map<String, String> computing(EngineConfig checked) {
        Map<String, String> engine = new LinkedHashMap<>();
        engine.put("intra_op_threads", Integer.toString(ai.djl.pytorch.jni.JniUtils.getNumThreads()));
        engine.put("inter_op_threads", Integer.toString(ai.djl.pytorch.jni.JniUtils.getNumInteropThreads()));
        engine.put("threads", dev.prism.engine.EngineDefaults.describe());
        engine.put("input_memory_format", checked.layout().describe());
        engine.put("self_check", checked.describe());
        engine.put("bf16", checked.bf16() ? "allowed" : "refused (" + checked.bf16Note() + ")");
        engine.put("native_ops", TorchOps.available()
                ? "libtorch hardtanh, hardsigmoid, hardswish, fused Adam, bf16 casts (TorchOps)"
                : "off (" + TorchOps.whyUnavailable() + "): DJL compositions");
        engine.put("libtorch_log", dev.prism.nn.TorchLog.apply());
        return engine;
    }

    /**
     * Prism's git commit: the one its classes were built from (recorded by the build in
     * {@code dev/prism/git.properties}, with "-dirty" for uncommitted changes), else the checkout
     * holding the jar; "unknown" when neither is known.
     */
    static String findGitCommit() {
        try (java.io.InputStream in = Provenance.class.getResourceAsStream("/dev/prism/git.properties")) {
            if (in != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                String id = p.getProperty("git.commit.id", "");
                if (id.length() == 40) {
                    return id + (Boolean.parseBoolean(p.getProperty("git.dirty")) ? "-dirty" : "");
                }
            }
        } catch (IOException e) {
            // fall back to the checkout
        }
        try {
            Path jar = Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = jar.getParent() != null ? jar.getParent() : jar;
            Process p = new ProcessBuilder("git", "-C", dir.toString(), "rev-parse", "HEAD").redirectErrorStream(true).start();
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.exitValue() != 0 || out.length() != 40) {
                return "unknown";
            }
            Process dirty = new ProcessBuilder("git", "-C", dir.toString(), "status", "--porcelain", "--untracked-files=no").start();
            dirty.waitFor(3, TimeUnit.SECONDS);
            return out + (dirty.getInputStream().readAllBytes().length > 0 ? "-dirty" : "");
        } catch (IOException | InterruptedException | java.net.URISyntaxException | RuntimeException e) {
            return "unknown";
        }
    }
}
