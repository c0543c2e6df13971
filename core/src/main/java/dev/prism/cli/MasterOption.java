package dev.prism.cli;

import dev.prism.jobs.Cluster;
import picocli.CommandLine.Option;

/** {@code --master URL}: the same command spread over Apache Spark. */
final class MasterOption {

    @Option(names = "--master", paramLabel = "URL",
            description = {"Spread the work over Apache Spark: local[N] (N threads of this machine), spark://HOST:PORT (a standalone",
                "cluster, e.g. from spark/local-cluster.sh) or any master spark-submit takes. Run folders, scenes and --out must be",
                "at the same path on every node (a shared file system). Needs Prism's Spark module: ./prism runs it when --master",
                "is given. Default: this process alone."})
    String master;

    /** The cluster serving the master, or null without --master. */
    Cluster cluster() {
        if (master == null) {
            return null;
        }
        dev.prism.jobs.MasterUrl.check(master);
        try {
            return Cluster.forMaster(master);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--master " + e.getMessage().substring("master ".length()));
        }
    }
}
