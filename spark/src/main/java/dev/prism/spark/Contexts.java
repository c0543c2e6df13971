package dev.prism.spark;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;

/** Spark contexts as Prism's jobs use them, and the executor side's engine threads. */
final class Contexts {

    /** The class path the executors get when Prism's classes are not in one jar (tests, a local cluster from a build tree). */
    static final String EXECUTOR_CLASS_PATH = "prism.spark.executorClassPath";

    private Contexts() {}

    /**
     * A context for {@code master}: Spark's own settings ({@code spark.*} system properties, as
     * spark-submit passes them) and then these: the application's name, the master, the driver on
     * 127.0.0.1 for a master on this machine, and Prism's jar for the executors to fetch.
     */
    static JavaSparkContext start(String appName, String master) {
        SparkConf conf = new SparkConf().setAppName(appName).setMaster(master);
        if (isThisMachine(master)) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        String cp = System.getProperty(EXECUTOR_CLASS_PATH);
        if (cp != null) {
            conf.set("spark.executor.extraClassPath", cp);
        } else if (!master.startsWith("local")) {
            Path jar = ownJar();
            if (jar != null) {
                conf.setJars(new String[] {jar.toString()});
            }
        }
        JavaSparkContext sc = new JavaSparkContext(conf);
        if (!master.startsWith("local")) {
            awaitExecutors(sc, master);
        }
        return sc;
    }

    /** Seconds a cluster's first executor may take to join ({@value #EXECUTOR_WAIT_PROPERTY}; default 90). */
    static final String EXECUTOR_WAIT_PROPERTY = "prism.spark.executorWaitSeconds";

    /**
     * Waits until the cluster has given the application an executor, at most the configured time;
     * Spark itself would wait for ever (a master without workers, or without free cores or memory
     * for the application), its jobs parked in the scheduler. Past the limit the context is stopped
     * and the refusal says what to check.
     */
    private static void awaitExecutors(JavaSparkContext sc, String master) {
        long limit = Long.getLong(EXECUTOR_WAIT_PROPERTY, 90);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(limit);
        while (sc.sc().statusTracker().getExecutorInfos().length < 2) { // the driver counts as one
            if (System.nanoTime() > deadline) {
                sc.stop();
                throw new IllegalStateException("no executor joined the application on " + master + " within " + limit + " s: is a worker"
                        + " running there, with a free core and the executor's memory? (wait longer with -D" + EXECUTOR_WAIT_PROPERTY + "=S)");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sc.stop();
                throw new IllegalStateException("interrupted while waiting for the cluster's executors", e);
            }
        }
    }

    /** How logs and provenance name work on {@code master}, e.g. {@code spark local[2]}. */
    static String describe(String master) {
        return "spark " + master;
    }

    private static boolean isThisMachine(String master) {
        return master.startsWith("local") || master.startsWith("spark://127.0.0.1:") || master.startsWith("spark://localhost:");
    }

    /** The jar holding Prism's Spark classes, or null when they come from a folder. */
    private static Path ownJar() {
        try {
            Path p = Path.of(Contexts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) ? p : null;
        } catch (URISyntaxException | SecurityException e) {
            return null;
        }
    }

    /**
     * In an executor, before its first network: libtorch's intra-op threads = the executor's
     * cores ({@code spark.executor.cores}; all of the machine's where unset), unless set already.
     */
    static void executorThreads() {
        if (System.getProperty("ai.djl.pytorch.num_threads") != null) {
            return;
        }
        SparkEnv env = SparkEnv.get();
        int cores = Runtime.getRuntime().availableProcessors();
        if (env != null) {
            cores = env.conf().getInt("spark.executor.cores", cores);
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(Math.max(1, cores)));
    }
}
