package dev.prism.jobs;

import com.google.gson.JsonObject;
import dev.prism.models.ModelRegistry;
import dev.prism.models.ModelSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** What the hyperspectral and image jobs do alike with a run folder's files. */
final class Jobs {

    private Jobs() {}

    /** Work done inside a locked run folder. */
    interface Work<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code work} with {@code runDir} locked: a resumed run must not have failed, a fresh one
     * starts in an emptied folder, and an error that would repeat leaves the {@code FAILED} marker.
     */
    static <T> T writing(Path runDir, boolean resume, Work<T> work) throws IOException {
        try (RunFolder folder = RunFolder.lock(runDir)) {
            if (resume) {
                refuseFailed(runDir);
            } else {
                folder.clearForNewRun();
            }
            try {
                return work.run();
            } catch (IllegalArgumentException | IllegalStateException e) {
                folder.fail(e);
                throw e;
            }
        }
    }

    /** A run that stopped on an error cannot be resumed or evaluated as it is: say why it stopped. */
    static void refuseFailed(Path runDir) throws IOException {
        String why = RunFolder.failure(runDir);
        if (why != null) {
            throw new IllegalStateException(runDir + " stopped with an error and would stop again: " + why
                    + " | start it anew in an emptied folder, or resume it with changed settings (a lower learning rate, say)");
        }
    }

    /**
     * The training loop of a job: its run folder, the standard listeners and, for local SGD on a
     * cluster, the cluster's workers ({@code workers} null: ordinary training, or local SGD's
     * workers taking turns in this process when the configuration averages).
     */
    static dev.prism.train.TrainingLoop loop(JobContext<?> run, ai.djl.nn.Block block, ai.djl.ndarray.NDManager manager,
            dev.prism.train.TrainConfig c, dev.prism.train.LocalSgd.Backend workers) {
        dev.prism.train.TrainingLoop.Builder b = dev.prism.train.TrainingLoop.builder(run.engine(), block, manager, c).optRunDir(run.runDir())
                .addListeners(dev.prism.train.FitListener.Defaults.logging(c, run.log()));
        if (workers != null) {
            b.optWorkers(workers);
        }
        return b.build();
    }

    /**
     * Local SGD's workers on {@code master} for {@code job} (null without a master), after saying
     * where the workers of {@code c} train.
     */
    static dev.prism.train.LocalSgd.Backend workers(dev.prism.train.TrainConfig c, String master, java.util.function.Supplier<WorkerJob> job,
            PrintStream log) {
        dev.prism.train.TrainConfig.Parallel p = c.parallel();
        if (p.averaging() || master != null) {
            log.printf(java.util.Locale.ROOT, "local SGD: %d worker%s averaged every %d batch%s, %s%n", p.workers(), p.workers() == 1 ? "" : "s",
                    p.localSteps(), p.localSteps() == 1 ? "" : "es", master == null ? "taking turns in this process" : "on spark " + master);
        }
        return master == null ? null : Cluster.forMaster(master).training(master, job.get());
    }

    /**
     * {@code provenance.json} of a new run; a resumed run keeps the first one and appends its own
     * to {@code resumes.jsonl}, so the history of who trained which epochs is kept.
     */
    static void writeProvenance(Path runDir, Provenance p, boolean resume) throws IOException {
        Path first = runDir.resolve("provenance.json");
        if (!resume || !Files.isRegularFile(first)) {
            Json.write(first, p);
            return;
        }
        Path log = runDir.resolve("resumes.jsonl");
        String before = Files.isRegularFile(log) ? Files.readString(log) : "";
        dev.prism.io.AtomicFiles.writeString(log, before + dev.prism.io.StrictJson.COMPACT.toJson(p) + "\n");
    }

    /** Refuses (or, when allowed, warns about) data whose checksum differs from the one the run recorded. */
    static void checkData(Path runDir, String checksumNow, boolean allowChanged, PrintStream log) throws IOException {
        Path file = runDir.resolve("provenance.json");
        if (!Files.isRegularFile(file)) {
            return; // runs written before provenance existed
        }
        JsonObject p = Json.read(file, JsonObject.class);
        String recorded = p.has("dataChecksum") && !p.get("dataChecksum").isJsonNull() ? p.get("dataChecksum").getAsString() : null;
        if (recorded == null || recorded.contains(checksumNow)) {
            return;
        }
        String what = "the data differs from the data " + runDir + " was trained on (checksum now " + checksumNow
                + ", recorded " + recorded + ")";
        if (!allowChanged) {
            throw new DataChangedException(what + ": the figures would not be the run's; to evaluate on the changed data anyway,"
                    + " allow changed data explicitly");
        }
        log.println("WARNING: " + what + "; evaluating anyway, as asked");
    }

    /** The registered model {@code name}, which must classify {@code task}'s inputs; the error lists the models that do. */
    static ModelSpec spec(String name, ModelSpec.Task task) {
        ModelSpec spec = ModelRegistry.available().get(name);
        if (spec.task() != task) {
            String names = ModelRegistry.available().all().stream().filter(s -> s.task() == task).map(ModelSpec::name)
                    .collect(Collectors.joining(", "));
            throw new IllegalArgumentException(task == ModelSpec.Task.HSI
                    ? "model " + name + " classifies images, not hyperspectral patches; HSI models: " + names
                    : "model " + name + " takes hyperspectral patches, not images; image models: " + names);
        }
        return spec;
    }
}
