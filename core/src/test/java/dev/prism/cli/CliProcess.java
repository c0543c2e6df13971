package dev.prism.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One CLI run in a second JVM (for choices made once per process: native operators, the engine
 * self-check), with stdout and stderr merged into {@link CliRun#out()}. The engine check's cache
 * folder of this build is passed on unless {@code jvmArgs} name another.
 */
public final class CliProcess {

    private CliProcess() {}

    public static CliRun run(List<String> jvmArgs, String... args) throws IOException, InterruptedException {
        dev.prism.testing.Child c = dev.prism.testing.Child.run(new ProcessBuilder(command(jvmArgs, args)), java.time.Duration.ofMinutes(5));
        return new CliRun(c.code(), c.out(), "");
    }

    /** The command line of such a run, for a test that manages the process itself. */
    public static List<String> command(List<String> jvmArgs, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dai.djl.offline=true");
        if (jvmArgs.stream().noneMatch(a -> a.startsWith("-Dprism.cacheDir=")) && System.getProperty("prism.cacheDir") != null) {
            cmd.add("-Dprism.cacheDir=" + System.getProperty("prism.cacheDir"));
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
