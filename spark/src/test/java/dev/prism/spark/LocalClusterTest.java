package dev.prism.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster on 127.0.0.1 ({@code spark/local-cluster.sh}: a master and two
 * workers of one core, from this build's class path): a map through it equals the one-process map,
 * also when a worker and its executor are killed while they hold a tile (Spark runs the lost tile
 * again on the other worker). Everything the test starts is stopped after it.
 */
class LocalClusterTest {

    @TempDir
    Path dir;

    private Path state;

    private ProcessBuilder script(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", Path.of("spark", "local-cluster.sh").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PRISM_SPARK_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("PRISM_SPARK_DIR", state.toString());
        pb.environment().put("PRISM_SPARK_WORKER_MEMORY", "2g");
        return pb;
    }

    private String run(String... args) throws IOException, InterruptedException {
        dev.prism.testing.Child c = dev.prism.testing.Child.run(script(args).redirectError(ProcessBuilder.Redirect.INHERIT),
                java.time.Duration.ofSeconds(120));
        assertThat(c.code()).as(c.out()).isZero();
        return c.out().strip();
    }

    @AfterEach
    void stop() throws Exception {
        if (state != null) {
            run("stop");
            System.clearProperty(Contexts.EXECUTOR_CLASS_PATH);
        }
    }

    /** A master with no worker gives the application no executor: the map is refused in bounded time, not parked for ever. */
    @Test
    @Timeout(180)
    void aClusterWithoutWorkersIsRefusedInBoundedTime() throws Exception {
        Path run = SparkJobsTest.trainedRun(dir, 120);
        state = dir.resolve("cluster");
        String url = run("start", "0");
        System.setProperty(Contexts.EXECUTOR_WAIT_PROPERTY, "5");
        try {
            CliRun map = CliRun.of(SparkJobsTest.map(run, dir.resolve("cube.mat"), dir.resolve("no-workers"), "--master", url));
            assertThat(map.code()).isEqualTo(2);
            assertThat(map.err()).contains("no executor joined the application on " + url + " within 5 s: is a worker running there");
        } finally {
            System.clearProperty(Contexts.EXECUTOR_WAIT_PROPERTY);
        }
    }

    @Test
    @Timeout(420)
    void aMapOnAStandaloneClusterSurvivesALostWorker() throws Exception {
        Path run = SparkJobsTest.trainedRun(dir, 120);
        Path cube = dir.resolve("cube.mat");
        CliRun one = CliRun.of(SparkJobsTest.map(run, cube, dir.resolve("one")));
        assertThat(one.code()).as(one.err()).isZero();

        state = dir.resolve("cluster");
        String url = run("start", "2");
        assertThat(url).matches("spark://127\\.0\\.0\\.1:\\d+");
        System.setProperty(Contexts.EXECUTOR_CLASS_PATH, System.getProperty("java.class.path"));

        CliRun whole = CliRun.of(SparkJobsTest.map(run, cube, dir.resolve("cluster-map"), "--master", url));
        assertThat(whole.code()).as(whole.err()).isZero();
        assertSameMap(dir.resolve("cluster-map"), dir.resolve("one"));

        // again, and kill the first worker whose executor starts a tile, with that executor (its first tile loads the
        // network: seconds in which it holds the tile); the other worker must take it over
        List<List<Path>> before = List.of(apps(state.resolve("work-1")), apps(state.resolve("work-2")));
        CompletableFuture<CliRun> job = CompletableFuture.supplyAsync(
                () -> CliRun.of(SparkJobsTest.map(run, cube, dir.resolve("fault-map"), "--master", url)));
        int killed = killFirstWorkerThatLogs("prism: tile of rows ", before, job);
        CliRun fault = job.get(300, TimeUnit.SECONDS);
        assertThat(killed).as("a worker was killed while its executor held a tile").isPositive();
        assertThat(fault.code()).as(fault.err()).isZero();
        assertSameMap(dir.resolve("fault-map"), dir.resolve("one"));
        // a tile the killed worker started and never wrote was written by the other one: Spark ran the lost task again
        String app = Files.readString(state.resolve("master.log")).replaceAll("(?s).*Registered app prism map \\S+ with ID (app-\\S+).*", "$1");
        Path gone = state.resolve("work-" + killed);
        Path other = state.resolve("work-" + (3 - killed));
        List<String> lost = new java.util.ArrayList<>(log(gone, app, "started"));
        lost.removeAll(log(gone, app, "written"));
        assertThat(lost).as("tiles lost with worker %d", killed).isNotEmpty();
        assertThat(log(other, app, "written")).as("tiles written by the other worker").containsAll(lost);
    }

    /**
     * Kills, with its executors, the first worker (1 or 2) whose executor of an application other
     * than those {@code before} logs {@code text}, while {@code job} runs (at most 2 minutes of
     * watching); returns the worker killed, 0 when none logged it in time.
     */
    private int killFirstWorkerThatLogs(String text, List<List<Path>> before, CompletableFuture<CliRun> job) throws Exception {
        for (int i = 0; i < 1200 && !job.isDone(); i++) {
            for (int w = 1; w <= 2; w++) {
                if (logged(state.resolve("work-" + w), before.get(w - 1), text)) {
                    run("kill-worker", Integer.toString(w));
                    return w;
                }
            }
            Thread.sleep(100);
        }
        return 0;
    }

    /** The tiles an executor of application {@code app} under {@code work} logged as {@code what} (started or written). */
    private static List<String> log(Path work, String app, String what) throws IOException {
        return logged(work, app, "prism: tile of rows ", what);
    }

    /** What follows {@code prefix} in the lines an executor of application {@code app} under {@code work} ended with {@code what}. */
    private static List<String> logged(Path work, String app, String prefix, String what) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        Path dir = work.resolve(app);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("stdout")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.startsWith(prefix) && line.endsWith(" " + what)) {
                        out.add(line.substring(prefix.length(), line.length() - what.length() - 1));
                    }
                }
            }
        }
        return out;
    }

    @Test
    @Timeout(420)
    void aStudyOnAStandaloneClusterHasTheMetricsOfOneProcess() throws Exception {
        dev.prism.data.hsi.TestScenes.write(dir, 20, 24, 16, 3, 8);
        CliRun one = CliRun.of(SparkJobsTest.study(dir, "one"));
        assertThat(one.code()).as(one.err()).isZero();
        state = dir.resolve("cluster");
        String url = run("start", "2");
        System.setProperty(Contexts.EXECUTOR_CLASS_PATH, System.getProperty("java.class.path"));
        List<String> args = new java.util.ArrayList<>(List.of(SparkJobsTest.study(dir, "cluster")));
        args.addAll(List.of("--master", url));
        CliRun cluster = CliRun.of(args.toArray(String[]::new));
        assertThat(cluster.code()).as(cluster.err()).isZero();
        SparkJobsTest.assertSameMetrics(dir.resolve("cluster"), dir.resolve("one"));
        // each run trained in an executor: its run folder has its own provenance, written there
        assertThat(apps(state.resolve("work-1")).size() + apps(state.resolve("work-2")).size()).isEqualTo(2);
    }

    /**
     * Local SGD on the cluster, once undisturbed and once with a worker and its executor killed
     * while they hold a round (the first round also prepares the samples: seconds): Spark runs the
     * lost task again on the other worker, and the final weights and optimizer state are those of
     * the undisturbed run, bit for bit. (The reference is a run on the same executors: a network's
     * bits depend on the engine configuration it computes with, and an executor of one core checks
     * and configures its own engine.)
     */
    @Test
    @Timeout(600)
    void localSgdOnAStandaloneClusterIsUndisturbedByALostWorker() throws Exception {
        dev.prism.data.hsi.TestScenes.write(dir, 20, 24, 16, 3, 8);
        state = dir.resolve("cluster");
        String url = run("start", "2");
        System.setProperty(Contexts.EXECUTOR_CLASS_PATH, System.getProperty("java.class.path"));
        String[] onCluster = {"--workers", "2", "--local-steps", "2", "--master", url};
        CliRun undisturbed = SparkJobsTest.train(dir, "undisturbed", onCluster);
        assertThat(undisturbed.code()).as(undisturbed.err()).isZero();
        List<List<Path>> before = List.of(apps(state.resolve("work-1")), apps(state.resolve("work-2")));
        CompletableFuture<CliRun> job = CompletableFuture.supplyAsync(() -> SparkJobsTest.train(dir, "on-cluster", onCluster));
        int killed = killFirstWorkerThatLogs("prism: worker ", before, job);
        CliRun fault = job.get(400, TimeUnit.SECONDS);
        assertThat(killed).as("a worker was killed while its executor held a round; the run said: %s", fault.err()).isPositive();
        assertThat(fault.code()).as(fault.err()).isZero();
        SparkJobsTest.assertSameWeights(dir.resolve("on-cluster"), dir.resolve("undisturbed"));
        // a round the killed worker started and never returned was returned by the other one
        String app = Files.readString(state.resolve("master.log")).replaceAll("(?s).*Registered app prism train [^\\n]*? with ID (app-\\S+).*", "$1");
        List<String> lost = new java.util.ArrayList<>(rounds(state.resolve("work-" + killed), app, "started"));
        lost.removeAll(rounds(state.resolve("work-" + killed), app, "returned"));
        assertThat(lost).as("rounds lost with worker %d", killed).isNotEmpty();
        assertThat(rounds(state.resolve("work-" + (3 - killed)), app, "returned")).as("returned by the other worker").containsAll(lost);
    }

    /** The rounds (worker, epoch, round) an executor of application {@code app} under {@code work} logged as {@code what}. */
    private static List<String> rounds(Path work, String app, String what) throws IOException {
        return logged(work, app, "prism: worker ", what);
    }

    private static List<Path> apps(Path work) throws IOException {
        if (!Files.isDirectory(work)) {
            return List.of();
        }
        try (Stream<Path> apps = Files.list(work)) {
            return apps.toList();
        }
    }

    /** Whether an executor of an application under {@code work} other than those {@code before} has logged {@code text}. */
    private static boolean logged(Path work, List<Path> before, String text) throws IOException {
        for (Path app : apps(work)) {
            if (before.contains(app)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(app)) {
                for (Path f : files.filter(p -> p.getFileName().toString().equals("stdout")).toList()) {
                    if (Files.readString(f).contains(text)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void assertSameMap(Path a, Path b) throws IOException {
        for (String f : List.of("classification.dat", "confidence.dat", "counts.csv")) {
            assertThat(Files.readAllBytes(a.resolve(f))).as(f).isEqualTo(Files.readAllBytes(b.resolve(f)));
        }
    }
}
