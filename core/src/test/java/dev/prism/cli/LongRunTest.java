package dev.prism.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.data.hsi.TestScenes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a long run shows in a second JVM: resident memory per epoch that stops growing after the
 * first epochs (a native leak, the known failure of DJL training loops, would show here), no
 * libtorch warning noise, and a hint how to resume when the process is stopped.
 */
class LongRunTest {

    @TempDir
    Path dir;

    private List<String> train(Path out, int epochs) {
        return TestScenes.trainArgs(dir, out, epochs, 16);
    }

    @Test
    void memoryStopsGrowingAndNothingButProgressIsPrinted() throws Exception {
        TestScenes.write(dir, 24, 30, 16, 3, 5);
        Path run = dir.resolve("run");
        // a fixed, pre-touched Java heap: resident memory then moves only with native (libtorch) memory
        CliRun r = CliProcess.run(List.of("-Xms192m", "-Xmx192m", "-XX:+AlwaysPreTouch"), train(run, 8).toArray(String[]::new));
        assertThat(r.code()).as(r.out()).isZero();
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        List<String> header = List.of(csv.get(0).split(","));
        int rss = header.indexOf("rss_mib");
        int peak = header.indexOf("peak_rss_mib");
        assertThat(rss).as("metrics.csv has resident memory").isPositive();
        long[] mib = csv.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[rss])).toArray();
        long[] peaks = csv.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[peak])).toArray();
        assertThat(mib).hasSize(8);
        assertThat(java.util.Arrays.stream(mib).min().getAsLong()).as("resident MiB").isGreaterThan(100);
        for (int e = 0; e < mib.length; e++) {
            assertThat(peaks[e]).as("peak >= resident at epoch %d", e + 1).isGreaterThanOrEqualTo(mib[e]);
        }
        // 7 steps of 16 windows an epoch: a leak of the steps' tensors would add tens of MiB per epoch
        System.out.println("LongRunTest resident MiB per epoch: " + java.util.Arrays.toString(mib));
        assertThat(mib[7] - mib[2]).as("resident memory from epoch 3 to 8: %s", java.util.Arrays.toString(mib)).isLessThan(24);
        assertThat(r.out()).as("libtorch's warnings are not printed").doesNotContain("[W").doesNotContain("Warning:");
        CliRun eval = CliProcess.run(List.of(), "eval", "--run", run.toString());
        assertThat(eval.code()).as(eval.out()).isZero();
        assertThat(eval.out()).doesNotContain("[W").doesNotContain("AutoNonVariableTypeMode");
    }

    @Test
    void stoppingARunSaysHowToResume() throws Exception {
        TestScenes.write(dir, 24, 30, 16, 3, 5);
        Path run = dir.resolve("stopped");
        Path log = dir.resolve("stopped.log");
        Process p = new ProcessBuilder(CliProcess.command(List.of(), train(run, 50).toArray(String[]::new)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path metrics = run.resolve("metrics.csv");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && (!Files.exists(metrics) || Files.readAllLines(metrics).size() < 2)) {
            Thread.sleep(100);
        }
        p.destroy(); // SIGTERM, as a terminal's Ctrl-C or a scheduler would stop it: shutdown hooks run
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(out).contains("prism: interrupted; the run keeps its completed epochs; continue it with: prism train --resume " + run);
        assertThat(run.resolve("results.json")).doesNotExist();
    }

    /**
     * A full disk, as far as a test can make one: the process may not write files over 1 MB
     * ({@code ulimit -f}, so a checkpoint write fails as it would on a full disk). The run stops
     * with one line naming the file, keeps what it had, is not marked failed, and resumes later.
     */
    @Test
    void aWriteThatFailsNamesTheFileAndTheRunResumes() throws Exception {
        TestScenes.write(dir, 24, 30, 16, 3, 5);
        Path run = dir.resolve("full");
        List<String> cmd = CliProcess.command(List.of(), train(run, 2).toArray(String[]::new));
        String quoted = String.join(" ", cmd.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        dev.prism.testing.Child c = dev.prism.testing.Child.run(new ProcessBuilder("bash", "-c", "ulimit -f 1024; exec " + quoted),
                java.time.Duration.ofMinutes(3));
        String out = c.out();
        assertThat(c.code()).as(out).isEqualTo(Main.EXIT_INPUT);
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        assertThat(last).startsWith("prism: could not write " + run.resolve("checkpoints"))
                .contains("the previous version, if any, is kept");
        assertThat(run.resolve(dev.prism.jobs.RunFolder.FAILED)).as("a full disk is not a failure that would repeat").doesNotExist();
        CliRun resumed = CliProcess.run(List.of(), "train", "--resume", run.toString());
        assertThat(resumed.code()).as(resumed.out()).isZero();
        assertThat(run.resolve("results.json")).isNotEmptyFile();
    }
}
