package dev.prism.jobs;

import com.google.gson.JsonObject;
import dev.prism.data.hsi.Split;
import dev.prism.io.AtomicFiles;
import dev.prism.metrics.PairedComparison;
import dev.prism.metrics.Stats;
import dev.prism.metrics.VarianceComponents;
import dev.prism.metrics.VarianceEstimate;
import dev.prism.report.StudyPlot;
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
 * The study's questions as repeatable experiments: each arm is run for N
 * seeds (each run a normal run folder, skipped when its {@code results.json} already exists, so a
 * study interrupted in one session finishes in the next), then OA/AA/Kappa are reported as
 * mean ± sample std in {@code study.md} and {@code study.json}. Every arm runs seeds 1..N, so run i
 * of every arm shares its split and initialisation seed: an arm with a baseline is compared with
 * it run by run ({@link PairedComparison}: mean difference, 95% interval, paired t and Wilcoxon
 * signed-rank), and {@code study-oa.png} shows each arm's OA over its runs.
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

    /** Folds of the leakage-free protocol when the config names none. */
    public static final int DEFAULT_FOLDS = 3;

    /** The fold assignment's seed under the leakage-free protocol: fixed, so every run is scored on the same test sets. */
    public static final long FOLD_SEED = 1;

    /** The windows of the window sweep, beside the configured one. */
    public static final List<Integer> SWEEP_WINDOWS = List.of(9, 15);

    /**
     * The protocols a hyperspectral study compares: the paper's random split, and a leakage-free
     * one: the configured split when it is neither random nor {@code fields-kfold}, else
     * cross-validation over fields ({@link dev.prism.data.hsi.FieldFolds}; every labelled pixel
     * scored once, the same folds for every run).
     */
    public static List<HsiConfig> protocols(HsiConfig base) {
        String split = base.split();
        HsiConfig leakageFree = split.equals("random") || split.equals("fields-kfold")
                ? base.withFolds("fields-kfold", base.folds() > 0 ? base.folds() : DEFAULT_FOLDS).withSplitSeed(FOLD_SEED)
                : base;
        return List.of(base.withFolds("random", 0), leakageFree);
    }

    /**
     * 2-D CNN vs 3-D CNN vs HybridSN under both {@link #protocols}, compared with the 2-D CNN; with
     * the spectral baselines (RBF SVM, random forest and the 1-D CNN of Hu et al., on the standardised
     * bands of the centre pixel) and a window sweep
     * of the three networks ({@link #SWEEP_WINDOWS}), which tests whether spatial context is what
     * separates them.
     */
    public static List<Arm> twoDVersusThreeD(HsiConfig base) {
        List<String> nets = List.of("cnn2d", "cnn3d", "hybridsn");
        List<Arm> arms = new ArrayList<>();
        for (HsiConfig b : protocols(base)) {
            String suffix = " / " + b.split();
            String baseline = "cnn2d" + suffix;
            arms.addAll(againstFirst(nets, suffix, (m, s) -> seeded(b.withModel(m), s)));
            for (String m : List.of("svm-rbf", "random-forest", "cnn1d")) {
                HsiConfig spectral = b.withModel(m).withPca(0);
                arms.add(new Arm(m + suffix, s -> seeded(spectral, s), baseline));
            }
            for (int w : SWEEP_WINDOWS.stream().filter(w -> w != b.window()).toList()) {
                for (String m : nets) {
                    arms.add(new Arm(m + " w" + w + suffix, s -> seeded(b.withModel(m).withWindow(w), s), m + suffix));
                }
            }
        }
        return arms;
    }

    /** {@code c} with training seed {@code s}; under the random split the split follows it, under cross-validation the folds stay. */
    private static HsiConfig seeded(HsiConfig c, long s) {
        return c.withTrain(c.train().withSeed(s));
    }

    /** Every model under every protocol, the first model of each protocol the others' baseline. */
    private static List<Arm> compare(HsiConfig base, List<String> models) {
        List<Arm> arms = new ArrayList<>();
        for (HsiConfig b : protocols(base)) {
            arms.addAll(againstFirst(models, " / " + b.split(), (m, s) -> seeded(b.withModel(m), s)));
        }
        return arms;
    }

    /** One arm per model, labelled model + suffix, each compared with the first model's arm. */
    static List<Arm> againstFirst(List<String> models, String suffix,
            java.util.function.BiFunction<String, Long, Object> config) {
        List<Arm> arms = new ArrayList<>();
        for (String m : models) {
            arms.add(new Arm(m + suffix, s -> config.apply(m, s), m.equals(models.get(0)) ? null : models.get(0) + suffix));
        }
        return arms;
    }

    /**
     * HybridSN vs HybridSN-SE (channel attention), HybridSN-SA (spatial attention alone) and
     * HybridSN-CBAM (both), each under both {@link #protocols}: SA and SE separate what CBAM combines.
     */
    public static List<Arm> attention(HsiConfig base) {
        return compare(base, List.of("hybridsn", "hybridsn-se", "hybridsn-sa", "hybridsn-cbam"));
    }

    /** Plain CNN vs ResNet vs SE-, ECA- and CBAM-ResNet with the same recipe and seeds, each compared with the plain CNN. */
    public static List<Arm> seVersusPlain(ImageConfig base, boolean full) {
        List<String> models = full ? List.of("resnet18", "se-resnet18")
                : List.of("plain20", "resnet20", "se-resnet20", "eca-resnet20", "cbam-resnet20");
        return againstFirst(models, "", (m, s) -> base.withModel(m).withTrain(base.train().withSeed(s)));
    }

    /**
     * What drives the spread, under each of the {@link #protocols}, as a crossed design: {@code runs}
     * split seeds x {@code runs} initialisation seeds (dropout and batch order follow the
     * initialisation seed), one run per cell, analysed as a two-way random-effects model ({@link
     * dev.prism.metrics.VarianceComponents}); under cross-validation the "split" seed draws the fold
     * assignment. Beside it: the first cell repeated {@code runs} times (what is left is the engine's
     * run-to-run nondeterminism), and a PyTorch reference recipe ({@link
     * dev.prism.train.TrainConfig#asPyTorchReference}: its default initialisation, no warm-up, no
     * clipping) on split seed 1 over the same initialisation seeds, compared run by run with the
     * grid's first row.
     */
    public static List<Arm> repeat(HsiConfig base, int runs) {
        List<Arm> arms = new ArrayList<>();
        for (HsiConfig b : protocols(base)) {
            String suffix = " / " + b.split();
            for (long split = 1; split <= runs; split++) {
                HsiConfig row = b.withSplitSeed(split);
                arms.add(new Arm("split seed " + split + suffix, s -> seeded(row, s), null, b.split()));
            }
            HsiConfig first = b.withSplitSeed(1L);
            arms.add(new Arm("nothing varies (first cell repeated)" + suffix, s -> seeded(first, 1)));
            arms.add(new Arm("PyTorch reference recipe, split seed 1" + suffix,
                    s -> first.withTrain(first.train().withSeed(s).asPyTorchReference()), "split seed 1" + suffix));
        }
        return arms;
    }

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
            rows = compared(now);
            write(name, question, rows, outDir, command);
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
        rows = compared(rows);
        write(name, question, rows, outDir, command);
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
        String split = first instanceof HsiConfig h ? h.split() : "test set";
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
            boolean resume = Files.isRegularFile(runDir.resolve("checkpoints/last.safetensors")) || CrossValidation.started(runDir);
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

    /**
     * The rows with each arm's paired comparisons against its baseline filled in, and every
     * comparison's p-values adjusted by Holm over the study's whole family (every arm, every metric).
     */
    static List<Row> compared(List<Row> rows) {
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            Row b = r.baseline() == null ? null : rows.stream().filter(x -> x.label().equals(r.baseline())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("study arm '" + r.label() + "' names a baseline '"
                            + r.baseline() + "' that is not one of its arms"));
            if (b == null || r.impossible() != null || b.impossible() != null || r.runs() != b.runs() || r.runs() == 0) {
                out.add(r);
                continue;
            }
            out.add(r.withVersusBaseline(List.of(
                    PairedComparison.of("OA", r.oa(), b.oa()),
                    PairedComparison.of("AA", r.aa(), b.aa()),
                    PairedComparison.of("Kappa", r.kappa(), b.kappa()))));
        }
        List<PairedComparison> family = out.stream().flatMap(r -> r.versusBaseline().stream()).toList();
        Double[] t = dev.prism.metrics.Holm.adjust(family.stream().map(PairedComparison::pairedTP).toArray(Double[]::new));
        Double[] w = dev.prism.metrics.Holm.adjust(family.stream().map(PairedComparison::wilcoxonP).toArray(Double[]::new));
        List<Row> adjusted = new ArrayList<>();
        int i = 0;
        for (Row r : out) {
            List<PairedComparison> cs = new ArrayList<>();
            for (PairedComparison c : r.versusBaseline()) {
                cs.add(c.withHolm(t[i], w[i]));
                i++;
            }
            adjusted.add(cs.isEmpty() ? r : r.withVersusBaseline(cs));
        }
        return adjusted;
    }

    /**
     * Per crossed design (hsi-repeat's grid, one per protocol): the variance components of OA
     * ({@link VarianceComponents}) with their intervals, shares and F-tests, and beside them the
     * variance of the arm that repeats one cell (what the engine alone varies).
     */
    private static void appendComponents(StringBuilder md, List<Row> rows) {
        Map<String, List<Row>> grids = new LinkedHashMap<>();
        rows.stream().filter(r -> r.grid() != null && r.impossible() == null).forEach(r -> grids.computeIfAbsent(r.grid(), k -> new ArrayList<>()).add(r));
        for (Map.Entry<String, List<Row>> e : grids.entrySet()) {
            List<Row> g = e.getValue();
            int runs = g.get(0).runs();
            if (g.size() < 2 || runs < 2 || g.stream().anyMatch(r -> r.runs() != runs)) {
                continue;
            }
            double[][] y = g.stream().map(Row::oa).toArray(double[][]::new);
            VarianceComponents v = VarianceComponents.of(y);
            md.append("\n## Variance components of OA, ").append(e.getKey()).append(" (").append(g.size()).append(" split seeds x ")
                    .append(runs).append(" initialisation seeds, one run each)\n\n| source | df | mean square | variance (points²) | "
                    + "95% interval | share | F-test p |\n|---|---|---|---|---|---|---|\n");
            appendComponent(md, "split seed", v.row(), v.total());
            appendComponent(md, "initialisation seed (with dropout, batch order)", v.column(), v.total());
            appendComponent(md, "residual (interaction + run-to-run noise)", v.residual(), v.total());
            md.append(String.format(Locale.ROOT, "%nGrand mean OA %.2f; the components sum to %.4f points², the variance of one run "
                    + "drawn at random from this design.%n", v.mean(), v.total()));
        }
        rows.stream().filter(r -> r.grid() == null && r.baseline() == null && r.runs() >= 2 && r.label().startsWith("nothing varies"))
                .forEach(r -> {
                    VarianceEstimate n = VarianceEstimate.of(r.oa());
                    md.append(String.format(Locale.ROOT, "%n%s: OA variance %.4f over %d repeats of one cell.%n", r.label(), n.variance(), r.runs()));
                });
        if (!grids.isEmpty()) {
            md.append("\nTwo-way random-effects model, OA = mean + split effect + initialisation effect + residual, estimated by "
                    + "expected mean squares (a negative estimate is reported as 0, without interval); with one run per cell the "
                    + "interaction is not separable from run-to-run noise, which the repeated cell measures on its own. Intervals "
                    + "by Satterthwaite's approximation (the residual's is exact, chi-squared); the F-test asks whether the "
                    + "component is zero. All of it assumes normally distributed effects, which a collapsed run breaks.\n");
        }
    }

    private static void appendComponent(StringBuilder md, String source, VarianceComponents.Component c, double total) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %s | %s | %s |%n", source, c.df(), c.meanSquare(), c.variance(),
                c.ciLow() == null ? "-" : String.format(Locale.ROOT, "%.4f - %.4f", c.ciLow(), c.ciHigh()),
                total > 0 ? String.format(Locale.ROOT, "%.0f%%", 100 * c.variance() / total) : "-",
                c.fTestP() == null ? "-" : String.format(Locale.ROOT, "%.3g", c.fTestP())));
    }

    private static void appendComparisons(StringBuilder md, List<Row> rows) {
        if (rows.stream().allMatch(r -> r.versusBaseline().isEmpty())) {
            return;
        }
        md.append("\n## Paired comparisons (arm - baseline, same seeds)\n\n")
                .append("| arm | baseline | runs | OA | AA | Kappa |\n|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            if (!r.versusBaseline().isEmpty()) {
                md.append("| ").append(r.label()).append(" | ").append(r.baseline()).append(" | ").append(r.runs());
                r.versusBaseline().forEach(c -> md.append(" | ").append(c.describe()));
                md.append(" |\n");
            }
        }
        md.append("\nMean paired difference in points, its 95% confidence interval (Student's t, n - 1 degrees of freedom), "
                + "two-sided p-values of the paired t-test and of the Wilcoxon signed-rank test (no normality assumed; zero "
                + "differences discarded and exact over sign assignments, as SciPy's default; with n non-zero differences it "
                + "cannot go below 2/2^n, 0.0625 for 5), each also adjusted by Holm over all " + familySize(rows)
                + " comparisons of this study (every arm and metric), and the smallest mean difference the paired t-test would "
                + "detect with 80% power at the 5% level given the spread of the differences. Run i of every arm uses training "
                + "seed i (under the random split also split seed i; under cross-validation the folds are the same for every run).\n");
    }

    private static long familySize(List<Row> rows) {
        return rows.stream().mapToLong(r -> r.versusBaseline().size()).sum();
    }

    static void write(String name, String question, List<Row> rows, Path outDir, String command) throws IOException {
        StringBuilder md = new StringBuilder("# Study: ").append(name).append("\n\n").append(question).append("\n\n");
        md.append("Command: `").append(command).append("`\n\n");
        md.append("| arm | model | split | runs | OA (accuracy) | AA | Kappa | params | mult-adds | train s/run | collapsed |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            if (r.impossible() != null) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | 0 | impossible on this data: %s | | | | | | |\n",
                        r.label(), r.model(), r.split(), r.impossible()));
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s | %s | %,d | %.1fM | %.0f | %d |\n", r.label(), r.model(),
                    r.split(), r.runs(), Stats.meanStd(r.oa()), Stats.meanStd(r.aa()), Stats.meanStd(r.kappa()), r.params(),
                    r.macs() / 1e6, r.meanTrainSeconds(), r.collapsedRuns()));
        }
        md.append("\nOA (for images: test accuracy), AA in percent, Kappa x 100; mean ± sample standard deviation over runs "
                + "(seeds 1..N). Parameters and multiply-adds per sample.\n");
        long reused;
        try (java.util.stream.Stream<Path> runDirs = Files.list(outDir)) {
            reused = runDirs.filter(d -> Files.isRegularFile(d.resolve(RunReuse.MARKER))).count();
        }
        if (reused > 0) {
            md.append("\n").append(reused).append(" of these runs were taken over from earlier studies with the same settings, seeds and data"
                    + " (`").append(RunReuse.MARKER).append("` in each names its source).\n");
        }
        appendComparisons(md, rows);
        appendComponents(md, rows);
        StudyEvidence.appendPerClass(md, rows, outDir);
        StudyEvidence.appendMaps(md, rows, outDir);
        StudyCurves.append(md, rows, outDir, name);
        // one plot per protocol: 99% and 15% on one axis would hide every difference within a protocol
        Map<String, Map<String, double[]>> bySplit = new LinkedHashMap<>();
        rows.stream().filter(r -> r.impossible() == null && r.runs() > 0)
                .forEach(r -> bySplit.computeIfAbsent(r.split(), k -> new LinkedHashMap<>()).put(r.label(), r.oa()));
        for (Map.Entry<String, Map<String, double[]>> e : bySplit.entrySet()) {
            String file = "study-oa-" + e.getKey().replaceAll("[^A-Za-z0-9]+", "-") + ".png";
            StudyPlot.write(outDir.resolve(file), "OA per arm, " + e.getKey() + " (" + name + ")", "OA %", e.getValue());
            md.append("\n![OA of every run per arm, ").append(e.getKey()).append("](").append(file).append(")\n");
        }
        AtomicFiles.writeString(outDir.resolve("study.md"), md.toString());
        Json.write(outDir.resolve("study.json"), rows);
        StudyEvidence.copy(rows, outDir);
    }
}
