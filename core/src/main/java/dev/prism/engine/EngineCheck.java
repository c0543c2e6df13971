package dev.prism.engine;

import ai.djl.engine.Engine;
import dev.prism.io.AtomicFiles;
import dev.prism.nn.Autocast;
import dev.prism.nn.InputLayout;
import dev.prism.nn.MemoryFormat;
import dev.prism.nn.TorchOps;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine self-check ({@link #check()}, the first step of every entry point that computes with
 * a network, its result passed on to what computes): probes every operator pattern Prism relies
 * on ({@link Probes}) in child JVMs ({@link ChildProbes}), decides which configuration is right
 * and fastest here ({@link EngineDecision}), applies it (native operators off, bfloat16 refused
 * where they are wrong) and prints one line when it had to fall back. The
 * result is cached per machine under {@code $XDG_CACHE_HOME/prism} (else {@code ~/.cache/prism};
 * {@code -Dprism.cacheDir} overrides), keyed by the CPU (vendor, family, model, stepping, flags,
 * whether it reports cache sizes), libtorch, Prism's probes and the engine settings that change
 * kernels ({@code ONEDNN_MAX_CPU_ISA}, {@code ATEN_CPU_CAPABILITY}, {@code -Dprism.nativeOps}).
 *
 * <p>Why: libtorch 2.7.1's oneDNN computes channels-last 1x1 convolutions wrongly, and can kill
 * the JVM with SIGFPE, on an AMD EPYC VM that reports no cache sizes, while the same build is
 * right on Intel machines. A kernel is never assumed right because it was right elsewhere.
 *
 * <p>{@code -Dprism.engineCheck=off} skips the check (channels-last, everything on, recorded as
 * unchecked): at the user's own risk.
 */
public final class EngineCheck {

    /**
     * Faults to inject into the probes, for testing the self-check end to end ({@link ProbeMain}'s
     * {@code --inject}, for example {@code conv2d-1x1/4x256x1x1->1024/channels-last=crash}); part
     * of the cache key, so an injected run never stands for the real machine.
     */
    static final String INJECT = "prism.engineCheck.inject";

    /** How long one child JVM may run its probes before it counts as hung. */
    static final Duration CHILD_TIMEOUT = Duration.ofMinutes(3);

    private static EngineConfig selected;
    private static CheckReport report;

    private EngineCheck() {}

    /**
     * The self-check as a step: the configuration for this process, checked (or read from the
     * cache) and applied on the first call, the same one on later calls (libtorch's native state is
     * the process's). Entry points call it before any network computes and pass its result on:
     * Prism's training and inference take the {@link EngineConfig} it returns, and nothing runs
     * it behind their back. Throws {@link IllegalStateException} when no layout computes correctly
     * on this machine, or when a requested memory format is wrong here.
     */
    public static synchronized EngineConfig check() {
        if (selected == null) {
            EngineDefaults.apply();
            dev.prism.nn.TorchLog.apply();
            EngineConfig c;
            if ("off".equals(System.getProperty("prism.engineCheck"))) {
                c = unchecked();
            } else {
                report = cachedOrRun(false);
                c = decide(report);
            }
            apply(c);
            selected = c;
        }
        if (!selected.usable()) {
            throw new IllegalStateException("the engine computes wrong results on this CPU in every memory format ("
                    + String.join("; ", selected.fallbacks()) + "); prism doctor lists the probes");
        }
        return selected;
    }

    /** The report behind {@link #check()} (null when the check is off). */
    public static synchronized CheckReport report() {
        check();
        return report;
    }

    /** The configuration a report leads to, with this process's requested memory format. */
    public static EngineConfig decide(CheckReport r) {
        boolean nativeLoaded = r.probes().stream().anyMatch(p -> p.kind() == Probe.Kind.NATIVE);
        return EngineDecision.decide(r.probes(), r.speedMillis(), requestedFormat(), nativeLoaded,
                "self-check of " + r.checkedAt());
    }

    /**
     * The cached report for this machine, or a new one ({@code fresh} ignores the cache). The new
     * report replaces the cached one.
     */
    public static CheckReport cachedOrRun(boolean fresh) {
        String key = key();
        Path file = cacheDir().resolve("engine-check-" + key.substring(0, 16) + ".json");
        if (!fresh && Files.isRegularFile(file)) {
            try {
                CheckReport r = ProbeMain.GSON.fromJson(Files.readString(file), CheckReport.class);
                if (r != null && key.equals(r.key()) && r.probes() != null && !r.probes().isEmpty()) {
                    return r;
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable cache is checked again
            }
        }
        CheckReport r = run(key, List.of(), System.getProperty(INJECT));
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.writeString(file, ProbeMain.GSON.toJson(r) + "\n");
        } catch (IOException e) {
            System.err.println("prism: engine self-check not cached (" + file + ": " + e.getMessage() + ")");
        }
        return r;
    }

    /** Runs every probe in child JVMs (with {@code jvmArgs} and {@code inject} for tests) and times both layouts. */
    static CheckReport run(String key, List<String> jvmArgs, String inject) {
        long start = System.nanoTime();
        List<String> args = new ArrayList<>(jvmArgs);
        for (String p : List.of("prism.nativeOps", "ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads")) {
            if (System.getProperty(p) != null) {
                args.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        args.add("-Dai.djl.offline=true");
        args.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        List<String> speed = new ArrayList<>();
        for (String what : List.of("images", "volumes")) {
            for (MemoryFormat f : MemoryFormat.values()) {
                speed.add(what + "/" + f.label());
            }
        }
        try {
            ChildProbes.Outcome o = new ChildProbes(args, CHILD_TIMEOUT, inject).run(Probes.all(), speed);
            return new CheckReport(key, CpuInfo.current(), software(), Instant.now().toString(),
                    (System.nanoTime() - start) / 1e9, o.results(), o.speedMillis(), o.notes());
        } catch (IOException e) {
            throw new IllegalStateException("the engine self-check could not run (" + e.getMessage()
                    + "); -Dprism.engineCheck=off skips it at your own risk", e);
        }
    }

    private static void apply(EngineConfig c) {
        if (!c.nativeOps() && TorchOps.available()) {
            TorchOps.switchOff("the engine self-check found them wrong on this CPU");
        }
        if (!c.bf16() && c.bf16Note() != null) {
            Autocast.refuse(c.bf16Note());
        }
        if (!c.fallbacks().isEmpty()) {
            System.err.println("prism: engine self-check: " + String.join("; ", c.fallbacks()) + ". Using "
                    + c.layout().describe() + " (prism doctor shows every probe)");
        }
    }

    private static EngineConfig unchecked() {
        InputLayout l = InputLayout.of(requestedFormat().orElse(MemoryFormat.CHANNELS_LAST));
        return new EngineConfig(l, List.of(l), TorchOps.available(), TorchOps.available(), null, List.of(),
                "not checked (-Dprism.engineCheck=off)");
    }

    private static Optional<MemoryFormat> requestedFormat() {
        String v = System.getProperty("prism.memoryFormat");
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(MemoryFormat.parse(v));
    }

    /** libtorch, Prism and the engine settings that change which kernels run. */
    static Map<String, String> software() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("libtorch", Engine.getEngine("PyTorch").getVersion());
        s.put("prism_probes", probesDigest());
        s.put("native_ops", System.getProperty("prism.nativeOps", "true"));
        for (String env : List.of("ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA", "ATEN_CPU_CAPABILITY")) {
            s.put(env, System.getenv().getOrDefault(env, ""));
        }
        if (System.getProperty(INJECT) != null) {
            s.put("injected_faults", System.getProperty(INJECT));
        }
        return s;
    }

    /** The machine's key (a digest of the CPU and the software versions): what every per-machine cache is keyed by. */
    public static String machineKey() {
        return key();
    }

    /** The cache key: a digest of the CPU and {@link #software()}. */
    static String key() {
        CpuInfo c = CpuInfo.current();
        String text = String.join("|", c.vendor(), c.family(), c.model(), c.stepping(), c.name(), c.flags(),
                Boolean.toString(c.cachesReported()), Integer.toString(c.cores()), software().toString());
        return digest(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A digest of the probe classes' bytes: changing a probe invalidates every cached check. */
    private static String probesDigest() {
        StringBuilder all = new StringBuilder();
        for (Class<?> k : List.of(Probes.class, NativeProbes.class, Reference.class, SpeedProbe.class, Probe.class)) {
            try (InputStream in = k.getResourceAsStream(k.getSimpleName() + ".class")) {
                all.append(in == null ? k.getName() : digest(in.readAllBytes()));
            } catch (IOException e) {
                all.append(k.getName());
            }
        }
        return digest(all.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prism's cache folder: {@code -Dprism.cacheDir}, else {@code $XDG_CACHE_HOME/prism}, else {@code ~/.cache/prism}. */
    public static Path cacheDir() {
        String dir = System.getProperty("prism.cacheDir");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("prism");
    }
}
