package dev.prism.spark;

import dev.prism.jobs.Study;
import java.io.PrintStream;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A study's seeded runs as Spark tasks, one task a run: each trains (or resumes, or reuses) its
 * run folder on an executor, and the driver gathers the results and writes the tables. A run's
 * seed fixes its split and initialisation, so the metrics are those of the same study run in one
 * process.
 */
record SparkStudies(String master) implements Study.Runner {

    @Override
    public String describe() {
        return Contexts.describe(master);
    }

    @Override
    public List<Study.Outcome> run(String name, List<Study.Task> tasks, String command, PrintStream log) {
        try (JavaSparkContext sc = Contexts.start("prism study " + name, master)) {
            return sc.parallelize(tasks, tasks.size()).map(t -> train(name, t, command)).collect();
        }
    }

    /**
     * One run in an executor, one at a time per executor process: DJL's PyTorch engine records
     * one gradient computation per process at a time, and the run uses all the executor's cores.
     */
    private static synchronized Study.Outcome train(String name, Study.Task t, String command) throws java.io.IOException {
        Contexts.executorThreads();
        return Study.runTask(name, t, command, System.out);
    }
}
