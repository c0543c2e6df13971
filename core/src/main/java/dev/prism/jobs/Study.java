package dev.prism.jobs;

import com.google.gson.JsonObject;
import dev.prism.data.hsi.Split;
import dev.prism.metrics.PairedComparison;
import dev.prism.io.StrictJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The runner of a study's arms ({@link StudyArms} makes them): each arm is run for N seeds (each
 * run a normal run folder, kept when its {@code results.json} exists and its settings and data are
 * the study's, so a study interrupted in one session finishes in the next), seed by seed or as
 * tasks of a cluster ({@link Runner}); after each round {@link StudyReport} rewrites the tables.
 * Every arm runs seeds 1..N, so run i of every arm shares its seeds and is compared with its
 * baseline run by run ({@link PairedComparison}).
 */
public final class Study {

    /**
     * One arm: a label, the config ({@link HsiConfig} or {@link ImageConfig}) it runs for a given
     * seed, and the label of the arm it is compared with (null for none).
     */
    public record Arm(String label, LongFunction<Object> configForSeed, String baseline, String grid) {

        /** An arm compared with nothing. */
        public Arm(String label, LongFunction<Object> configForSeed) {
            this(label, configForSeed, null, null);
        }

        /** An arm compared with {@code baseline} run by run, in no grid. */
        public Arm(String label, LongFunction<Object> configForSeed, String baseline) {
            this(label, configForSeed, baseline, null);
        }
    }

    /**
     * One row of the table; {@code versusBaseline} is empty for an arm without a baseline, and
     * {@code impossible} says why an arm could not run on this data (null when it ran); {@code grid}
     * names the crossed design the arm is a row of (null for none).
     */
    public record Row(String label, String model, String split, int runs, double[] oa, double[] aa, double[] kappa,
            long params, long macs, double meanTrainSeconds, int collapsedRuns, String baseline,
            List<PairedComparison> versusBaseline, String impossible, String grid) {

        /** This row with its paired comparisons against the baseline. */
        Row withVersusBaseline(List<PairedComparison> comparisons) {
            return new Row(label, model, split, runs, oa, aa, kappa, params, macs, meanTrainSeconds, collapsedRuns, baseline,
                    List.copyOf(comparisons), impossible, grid);
        }

        static Row impossible(Arm arm, String model, String split, String why) {
            return new Row(arm.label(), model, split, 0, new double[0], new double[0], new double[0], 0, 0, 0, 0,
                    arm.baseline(), List.of(), why, arm.grid());
        }
    }

    private Study() {}

    /**
     * Runs (or reuses) seeds 1..runs of every arm, seed by seed: every arm's run i before any
     * arm's run i + 1, and the tables rewritten after each round, so an interrupted study already
     * has paired runs of all its arms. A protocol the data cannot support ({@link Split.Impossible})
     * makes its arm's row say so, and the study goes on.
     */
    public static List<Row> run(String name, String question, List<Arm> arms, int runs, Path outDir, String command,
            PrintStream log) throws IOException {
        return run(name, question, arms, runs, outDir, null, command, log);
    }

    /**
     * One seeded run of an arm as plain values, so that it can run in another process: the arm's
     * label, the seed, the config as JSON ({@code kind} "hsi" or "image") and the run folder.
     */
    public record Task(String arm, long seed, int runs, String kind, String config, String runDir) implements java.io.Serializable {

        Object configObject() {
            return kind.equals("hsi") ? Json.GSON.fromJson(config, HsiConfig.class) : Json.GSON.fromJson(config, ImageConfig.class);
        }
    }

    /** A finished run's {@code results.json} text, or why its protocol is impossible on the data (then results is null). */
    public record Outcome(String results, String impossible) implements java.io.Serializable {}

    /** Where a study's runs train when they are spread over a cluster ({@link Cluster#studies}). */
    public interface Runner {
        /** For the log, e.g. {@code spark local[2]}. */
        String describe();

        /** Runs every task (each reused, resumed or trained by {@link #runTask}) and returns their outcomes in order. */
        List<Outcome> run(String name, List<Task> tasks, String command, PrintStream log) throws IOException;
    }

    /** One task in this process: reused when its {@code results.json} exists, resumed from its checkpoint, or trained. */
    public static Outcome runTask(String name, Task t, String command, PrintStream log) throws IOException {
        Arm arm = new Arm(t.arm(), seed -> t.configObject());
        try {
            return new Outcome(Json.GSON.toJson(runOnce(name, arm, t.seed(), t.runs(), Path.of(t.runDir()), command, log, new java.util.HashMap<>())), null);
        } catch (Split.Impossible e) {
            return new Outcome(null, e.getMessage());
        }
    }

    /**
     * As {@link #run(String, String, List, int, Path, String, PrintStream)}, every run on
     * {@code runner} at once (null: in this process, seed by seed). The runs and tables are the
     * same wherever they train: each run's seed fixes its split and initialisation.
     */
    public static List<Row> run(String name, String question, List<Arm> arms, int runs, Path outDir, Runner runner, String command,
            PrintStream log) throws IOException {
        // one study writes a study folder at a time; a second is refused with the first named
        try (RunFolder lock = RunFolder.lock(outDir)) {
            return runner != null ? runAll(name, question, arms, runs, outDir, runner, command, log)
                    : runHere(name, question, arms, runs, outDir, command, log);
        }
    }

    private static List<Row> runHere(String name, String question, List<Arm> arms, int runs, Path outDir, String command,
            PrintStream log) throws IOException {
        Map<String, List<JsonObject>> done = new LinkedHashMap<>();
        Map<String, String> impossible = new LinkedHashMap<>();
        Map<String, String> checksums = new java.util.HashMap<>();
        arms.forEach(a -> done.put(a.label(), new ArrayList<>()));
        List<Row> rows = List.of();
        for (long seed = 1; seed <= runs; seed++) {
            for (Arm arm : arms) {
                if (impossible.containsKey(arm.label())) {
                    continue;
                }
                Path runDir = runDir(outDir, arm, seed);
                try {
                    done.get(arm.label()).add(runOnce(name, arm, seed, runs, runDir, command, log, checksums));
                } catch (Split.Impossible e) {
                    log.printf(Locale.ROOT, "== %s: %s is impossible on this data: %s%n", name, arm.label(), e.getMessage());
                    impossible.put(arm.label(), e.getMessage());
                }
            }
            List<Row> now = new ArrayList<>();
            for (Arm arm : arms) {
                now.add(row(arm, done.get(arm.label()), impossible.get(arm.label())));
            }
            rows = StudyReport.compared(now);
            StudyReport.write(name, question, rows, outDir, command);
        }
        return rows;
    }

    private static List<Row> runAll(String name, String question, List<Arm> arms, int runs, Path outDir, Runner runner, String command,
            PrintStream log) throws IOException {
        Files.createDirectories(outDir);
        List<Task> tasks = new ArrayList<>();
        for (long seed = 1; seed <= runs; seed++) {
            for (Arm arm : arms) {
                Object c = arm.configForSeed().apply(seed);
                tasks.add(new Task(arm.label(), seed, runs, c instanceof HsiConfig ? "hsi" : "image", Json.GSON.toJson(c),
                        runDir(outDir, arm, seed).toAbsolutePath().toString()));
            }
        }
        log.printf(Locale.ROOT, "== %s: %d runs on %s%n", name, tasks.size(), runner.describe());
        List<Outcome> outcomes = runner.run(name, tasks, command, log);
        List<Row> rows = new ArrayList<>();
        for (Arm arm : arms) {
            List<JsonObject> done = new ArrayList<>();
            String impossible = null;
            for (int i = 0; i < tasks.size(); i++) {
                if (tasks.get(i).arm().equals(arm.label())) {
                    Outcome o = outcomes.get(i);
                    if (o.impossible() != null) {
                        impossible = o.impossible();
                    } else {
                        done.add(Json.GSON.fromJson(o.results(), JsonObject.class));
                    }
                }
            }
            rows.add(row(arm, done, impossible));
        }
        rows = StudyReport.compared(rows);
        StudyReport.write(name, question, rows, outDir, command);
        return rows;
    }

    static Path runDir(Path outDir, Arm arm, long seed) {
        return runDir(outDir, arm.label(), seed);
    }

    /** The folder of run {@code seed} of the arm labelled {@code label}. */
    static Path runDir(Path outDir, String label, long seed) {
        return outDir.resolve(label.replaceAll("[^A-Za-z0-9]+", "-") + seedSuffix(seed));
    }

    /** Whether {@code runDir} is the folder of run {@code seed} of some arm (named by {@link #runDir}). */
    static boolean isRun(Path runDir, long seed) {
        return runDir.getFileName().toString().endsWith(seedSuffix(seed));
    }

    private static String seedSuffix(long seed) {
        return "-seed" + seed;
    }

    /** An arm's row from its finished runs (in seed order), or the reason it could not run. */
    private static Row row(Arm arm, List<JsonObject> results, String impossible) {
        Object first = arm.configForSeed().apply(1);
        String model = first instanceof HsiConfig h ? h.model() : ((ImageConfig) first).model();
        String split = first instanceof HsiConfig h ? h.split().label() : "test set";
        if (impossible != null) {
            return Row.impossible(arm, model, split, impossible);
        }
        int n = results.size();
        double[] oa = new double[n];
        double[] aa = new double[n];
        double[] kappa = new double[n];
        double seconds = 0;
        int collapsed = 0;
        for (int i = 0; i < n; i++) {
            JsonObject r = results.get(i);
            JsonObject test = r.getAsJsonObject("test");
            oa[i] = StrictJson.number(test.get("oa"));
            aa[i] = StrictJson.number(test.get("aa"));
            kappa[i] = StrictJson.number(test.get("kappa"));
            seconds += StrictJson.number(r.get("trainSeconds"));
            collapsed += r.has("collapsed") && r.get("collapsed").getAsBoolean() ? 1 : 0;
        }
        JsonObject last = n == 0 ? new JsonObject() : results.get(n - 1);
        long params = last.has("params") ? last.get("params").getAsLong() : 0;
        long macs = last.has("macs") ? last.get("macs").getAsLong() : 0;
        return new Row(arm.label(), model, split, n, oa, aa, kappa, params, macs, n == 0 ? 0 : seconds / n, collapsed,
                arm.baseline(), List.of(), null, arm.grid());
    }

    /** One seeded run of an arm, reused when its {@code results.json} exists, resumed when it has a checkpoint. */
    private static JsonObject runOnce(String name, Arm arm, long seed, int runs, Path runDir, String command, PrintStream log,
            Map<String, String> checksums)
            throws IOException {
        Path results = runDir.resolve("results.json");
        if (!Files.isRegularFile(results)) {
            log.printf(Locale.ROOT, "== %s: %s, run %d/%d -> %s%n", name, arm.label(), seed, runs, runDir);
            boolean resume = dev.prism.train.TrainingLoop.hasCheckpoint(runDir) || CrossValidation.started(runDir);
            Object c = arm.configForSeed().apply(seed);
            if (c instanceof HsiConfig h) {
                HsiJob.run(h, runDir, resume, command, log);
            } else {
                ImageJob.run((ImageConfig) c, runDir, resume, command, log);
            }
        } else {
            RunReuse.checkOwn(runDir, arm.configForSeed().apply(seed), checksums);
            log.printf(Locale.ROOT, "== %s: %s, run %d/%d already done (%s)%n", name, arm.label(), seed, runs, runDir);
        }
        return Json.GSON.fromJson(Files.readString(results), JsonObject.class);
    }
}
