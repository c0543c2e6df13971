package dev.prism.jobs;

import java.util.ServiceLoader;

/**
 * Where the independent parts of a job (a map's tiles, a study's seeded runs, local SGD's workers) run when they are
 * spread over a cluster: implemented by Prism's Spark module ({@code prism-spark}) and found on the
 * class path with {@link ServiceLoader}, so that the core library and command carry no Spark.
 */
public interface Cluster {

    /** Whether this implementation serves {@code master} ({@code local[2]}, {@code spark://host:7077}, ...). */
    boolean serves(String master);

    /** A map backend that classifies tiles on {@code master}'s executors. */
    MapJob.Backend maps(String master);

    /** A study runner that trains each seeded run as a task on {@code master}'s executors. */
    Study.Runner studies(String master);

    /** Local SGD's workers on {@code master}'s executors, one task a worker and round, each rebuilding its samples from {@code job}. */
    dev.prism.train.LocalSgd.Backend training(String master, WorkerJob job);

    /**
     * The implementation that serves {@code master}.
     *
     * @throws IllegalArgumentException naming the master when none on the class path serves it
     */
    static Cluster forMaster(String master) {
        for (Cluster c : ServiceLoader.load(Cluster.class)) {
            if (c.serves(master)) {
                return c;
            }
        }
        throw new IllegalArgumentException("master '" + master + "' needs Prism's Spark module on the class path"
                + " (spark/target/prism-spark.jar: ./prism runs it when a master is given; see README, 'On Spark')");
    }
}
