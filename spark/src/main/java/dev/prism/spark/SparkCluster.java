package dev.prism.spark;

import dev.prism.jobs.Cluster;
import dev.prism.jobs.MapJob;
import dev.prism.jobs.Study;

/** Prism's jobs on Apache Spark: any master Spark takes ({@code local[N]}, {@code spark://HOST:PORT}, YARN, Kubernetes). */
public final class SparkCluster implements Cluster {

    /** Found by {@link java.util.ServiceLoader}. */
    public SparkCluster() {}

    @Override
    public boolean serves(String master) {
        return master != null && !master.isBlank();
    }

    @Override
    public MapJob.Backend maps(String master) {
        return new SparkMaps(master);
    }

    @Override
    public Study.Runner studies(String master) {
        return new SparkStudies(master);
    }

    @Override
    public dev.prism.train.LocalSgd.Backend training(String master, dev.prism.jobs.WorkerJob job) {
        return new SparkTraining(master, job);
    }
}
