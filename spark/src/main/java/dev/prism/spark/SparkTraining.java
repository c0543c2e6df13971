package dev.prism.spark;

import ai.djl.ndarray.NDManager;
import dev.prism.engine.EngineCheck;
import dev.prism.engine.EngineConfig;
import dev.prism.jobs.WorkerJob;
import dev.prism.train.LocalSgd;
import dev.prism.train.Losses;
import dev.prism.train.Samples;
import dev.prism.train.TrainConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Local SGD's workers as Spark tasks: each round broadcasts the start state, runs one task a
 * worker (the worker's shard and the driver's input layout travel with its task; each executor
 * rebuilds the samples and a network from the job once and keeps them, and computes in the
 * driver's layout where its own self-check found that layout right), and collects the workers'
 * states for the driver to average. A round is a pure function of its inputs, so a task lost with its executor and run
 * again elsewhere returns the same state: the final weights are those of an undisturbed run.
 */
record SparkTraining(String master, WorkerJob job) implements LocalSgd.Backend {

    @Override
    public LocalSgd.Workers open(EngineConfig driver, Samples samples, int[][] shards) {
        dev.prism.nn.InputLayout layout = driver.layout();
        JavaSparkContext sc = Contexts.start("prism train " + job.name(), master);
        return new LocalSgd.Workers() {
            @Override
            public List<LocalSgd.WorkerResult> round(LocalSgd.State start, LocalSgd.Round round) {
                Broadcast<LocalSgd.State> state = sc.broadcast(start);
                try {
                    WorkerJob j = job;
                    List<Integer> workers = IntStream.range(0, shards.length).boxed().toList();
                    List<LocalSgd.WorkerResult> results = new ArrayList<>(sc.parallelize(workers, workers.size())
                            .map(w -> Executor.round(j, layout, shards[w], w, state.value(), round)).collect());
                    results.sort(Comparator.comparingInt(LocalSgd.WorkerResult::worker));
                    return results;
                } finally {
                    state.destroy();
                }
            }

            @Override
            public void close() {
                try {
                    sc.close();
                } finally {
                    Executor.release(job); // in local mode the executor is this process
                }
            }
        };
    }

    /** The executor side: one prepared job (samples and a network) per job in each executor process, one round at a time. */
    static final class Executor {
        private static final Map<WorkerJob, Prepared> PREPARED = new HashMap<>();

        private record Prepared(EngineConfig engine, NDManager manager, WorkerJob.Prepared job) {}

        private Executor() {}

        /**
         * Worker {@code w}'s round, one at a time per process: DJL's engine records one gradient
         * computation per process at a time, and dropout draws from the process's one generator.
         */
        static synchronized LocalSgd.WorkerResult round(WorkerJob job, dev.prism.nn.InputLayout layout, int[] shard, int w,
                LocalSgd.State start, LocalSgd.Round round) {
            note(w, round, "started");
            Prepared p = PREPARED.computeIfAbsent(job, Executor::prepare);
            TrainConfig c = job.train();
            LocalSgd.WorkerResult r = LocalSgd.train(p.engine().preferring(layout), p.job().block(), p.manager(), c,
                    Losses.crossEntropy(c.regularization().labelSmoothing()), p.job().samples(), shard, w, start, round);
            note(w, round, "returned");
            return r;
        }

        private static Prepared prepare(WorkerJob job) {
            Contexts.executorThreads();
            EngineConfig engine = EngineCheck.check();
            NDManager manager = NDManager.newBaseManager();
            try {
                return new Prepared(engine, manager, job.prepare(engine, manager));
            } catch (IOException e) {
                manager.close();
                throw new UncheckedIOException(e);
            }
        }

        /** One line in an executor's log (not in local mode, where the executor is the command's own process). */
        private static void note(int w, LocalSgd.Round round, String what) {
            org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
            if (env != null && !"driver".equals(env.executorId())) {
                System.out.printf("prism: worker %d, epoch %d round %d %s%n", w, round.epoch(), round.index(), what);
            }
        }

        static synchronized void release(WorkerJob job) {
            Prepared p = PREPARED.remove(job);
            if (p != null) {
                p.manager().close();
            }
        }
    }
}
