package dev.prism.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs probes in child JVMs ({@link ProbeMain}), so that a kernel that kills its process (SIGFPE,
 * SIGSEGV) or hangs marks its probe {@link ProbeResult.Outcome#CRASHED} instead of taking the
 * caller down. After a crash a new child resumes with the probes not yet run. The children run in
 * a temporary folder (a crash's {@code hs_err} file is read for the faulting frame, then deleted).
 */
final class ChildProbes {

    /** What the children reported. */
    record Outcome(List<ProbeResult> results, Map<String, Double> speedMillis, List<String> notes) {}

    private final List<String> jvmArgs;
    private final Duration timeout;
    private final String inject;

    /**
     * @param jvmArgs extra JVM arguments for the children (system properties such as
     *     {@code -Dprism.nativeOps=false} are passed on by the caller)
     * @param timeout how long one child may take before it counts as hung
     * @param inject faults for the self-check's own tests ({@link ProbeMain}'s {@code --inject}), or null
     */
    ChildProbes(List<String> jvmArgs, Duration timeout, String inject) {
        this.jvmArgs = List.copyOf(jvmArgs);
        this.timeout = timeout;
        this.inject = inject;
    }

    /** Runs {@code probes}, then times each of {@code speedTargets} ({@code images/LAYOUT}, {@code volumes/LAYOUT}). */
    Outcome run(List<Probe> probes, List<String> speedTargets) throws IOException {
        Map<String, Probe> pending = new LinkedHashMap<>();
        probes.forEach(p -> pending.put(p.id(), p));
        Set<String> speed = new LinkedHashSet<>(speedTargets);
        List<ProbeResult> results = new ArrayList<>();
        Map<String, Double> millis = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        Path dir = Files.createTempDirectory("prism-engine-check");
        try {
            for (int launch = 0; launch <= probes.size() + speedTargets.size(); launch++) {
                Child c = launch(dir, new ArrayList<>(pending.keySet()), new ArrayList<>(speed));
                for (ProbeResult r : c.results) {
                    pending.remove(r.id());
                    results.add(r);
                }
                millis.putAll(c.speed);
                speed.removeAll(c.speed.keySet());
                if (c.finished) {
                    return new Outcome(results, millis, notes);
                }
                String death = c.death;
                if (c.started == null) {
                    throw new IOException("the engine self-check's child JVM died before its first probe: " + death);
                }
                notes.add(c.started + ": " + death);
                Probe crashed = pending.remove(c.started);
                if (crashed != null) {
                    results.add(ProbeResult.unfinished(crashed, ProbeResult.Outcome.CRASHED, death));
                } else {
                    speed.remove(c.started);
                    results.add(speedCrash(c.started, death));
                }
                // layouts already known wrong are not timed again
                speed.removeIf(t -> SpeedProbe.ruledOut(t, results));
            }
            throw new IOException("the engine self-check's children crashed more often than there are probes");
        } finally {
            deleteTree(dir);
        }
    }

    /** A crash inside a speed workload rules its layout out like a crashing probe. */
    private static ProbeResult speedCrash(String target, String death) {
        String[] parts = target.split("/");
        Probe.Kind kind = parts[0].equals("volumes") ? Probe.Kind.VOLUMES : Probe.Kind.IMAGES;
        return new ProbeResult("speed/" + target, kind, "speed workload (" + parts[0] + ")", parts[1], "fp32",
                Double.NaN, Probe.FP32_TOLERANCE, ProbeResult.Outcome.CRASHED, death);
    }

    private static final class Child {
        final List<ProbeResult> results = new ArrayList<>();
        final Map<String, Double> speed = new LinkedHashMap<>();
        String started;
        boolean finished;
        String death;
    }

    private Child launch(Path dir, List<String> ids, List<String> speed) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.add("-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"));
        cmd.add("-XX:-CreateCoredumpOnCrash");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(absoluteClassPath());
        cmd.add(ProbeMain.class.getName());
        cmd.add("--probes");
        cmd.add(ids.isEmpty() ? "" : String.join(",", ids));
        cmd.add("--speed");
        cmd.add(String.join(",", speed));
        if (inject != null) {
            cmd.add("--inject");
            cmd.add(inject);
        }
        Path log = dir.resolve("stderr.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(log.toFile()).start();
        Child c = new Child();
        Thread reader = new Thread(() -> read(p, c), "engine-check-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                reader.join(5000);
                c.death = "no answer within " + timeout.toSeconds() + " s (hung)";
                c.finished = false;
                return c;
            }
            reader.join(5000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("engine self-check interrupted", e);
        }
        if (!c.finished) {
            c.death = describeDeath(p.exitValue(), dir, log);
        }
        return c;
    }

    /**
     * This JVM's class path with every entry absolute (the children run in another folder), plus
     * the jar or folder Prism itself was loaded from when the class path does not name it (an
     * application that loads Prism through its own class loader).
     */
    static String absoluteClassPath() {
        List<String> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!e.isEmpty()) {
                out.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        try {
            String self = Path.of(ProbeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            if (!out.contains(self)) {
                out.add(self);
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // the class path alone then
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    private static void read(Process p, Child c) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.startsWith(ProbeMain.PREFIX)) {
                    continue;
                }
                String[] f = line.substring(ProbeMain.PREFIX.length()).split(" ", 2);
                switch (f[0]) {
                    case "start", "speed-start" -> c.started = f[1];
                    case "result" -> {
                        c.results.add(ProbeMain.GSON.fromJson(f[1], ProbeResult.class));
                        c.started = null;
                    }
                    case "speed" -> {
                        String[] s = f[1].split(" ");
                        c.speed.put(s[0], Double.parseDouble(s[1]));
                        c.started = null;
                    }
                    case "done" -> c.finished = true;
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            c.death = "unreadable child output: " + e.getMessage();
        }
    }

    /** The exit status and, from the JVM's fatal error log, the signal and the faulting frame. */
    static String describeDeath(int exit, Path dir, Path stderr) {
        StringBuilder why = new StringBuilder("the JVM died (exit " + exit + ")");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(x -> x.getFileName().toString().startsWith("hs_err")).toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i);
                    if (l.matches("#\\s+SIG[A-Z]+.*")) {
                        why.append(": ").append(l.replaceFirst("#\\s+", "").replaceAll(",? pid=.*", ""));
                    }
                    if (l.startsWith("# Problematic frame:") && i + 1 < lines.size()) {
                        why.append(" in ").append(lines.get(i + 1).replaceFirst("#\\s+", "").trim());
                    }
                }
                Files.delete(f);
            }
            if (why.indexOf(":") < 0 && Files.exists(stderr)) {
                List<String> err = Files.readAllLines(stderr, StandardCharsets.ISO_8859_1);
                if (!err.isEmpty()) {
                    why.append(": ").append(err.get(err.size() - 1));
                }
            }
        } catch (IOException e) {
            why.append(" (no crash log: ").append(e.getMessage()).append(')');
        }
        return why.toString();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
