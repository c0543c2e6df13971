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
        return new JavaSparkContext(conf);
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
