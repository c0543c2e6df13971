package dev.prism.jobs;

import dev.prism.io.AtomicFiles;
import dev.prism.metrics.PairedComparison;
import dev.prism.metrics.Stats;
import dev.prism.metrics.VarianceComponents;
import dev.prism.metrics.VarianceEstimate;
import dev.prism.report.StudyPlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A study's tables as {@code study.md} and {@code study.json}: each arm's runs, the paired
 * comparisons with their baselines (Holm-adjusted over the study), the variance components of a
 * crossed design, per-class accuracy, maps, curves and the evidence behind every figure.
 */
final class StudyReport {

    private StudyReport() {}

    /**
     * The rows with each arm's paired comparisons against its baseline filled in, and every
     * comparison's p-values adjusted by Holm over the study's whole family (every arm, every metric).
     */
    static List<Study.Row> compared(List<Study.Row> rows) {
        List<Study.Row> out = new ArrayList<>();
        for (Study.Row r : rows) {
            Study.Row b = r.baseline() == null ? null : rows.stream().filter(x -> x.label().equals(r.baseline())).findFirst()
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
        List<Study.Row> adjusted = new ArrayList<>();
        int i = 0;
        for (Study.Row r : out) {
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
    private static void appendComponents(StringBuilder md, List<Study.Row> rows) {
        Map<String, List<Study.Row>> grids = new LinkedHashMap<>();
        rows.stream().filter(r -> r.grid() != null && r.impossible() == null).forEach(r -> grids.computeIfAbsent(r.grid(), k -> new ArrayList<>()).add(r));
        for (Map.Entry<String, List<Study.Row>> e : grids.entrySet()) {
            List<Study.Row> g = e.getValue();
            int runs = g.get(0).runs();
            if (g.size() < 2 || runs < 2 || g.stream().anyMatch(r -> r.runs() != runs)) {
                continue;
            }
            double[][] y = g.stream().map(Study.Row::oa).toArray(double[][]::new);
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

    private static void appendComparisons(StringBuilder md, List<Study.Row> rows) {
        if (rows.stream().allMatch(r -> r.versusBaseline().isEmpty())) {
            return;
        }
        md.append("\n## Paired comparisons (arm - baseline, same seeds)\n\n")
                .append("| arm | baseline | runs | OA | AA | Kappa |\n|---|---|---|---|---|---|\n");
        for (Study.Row r : rows) {
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

    private static long familySize(List<Study.Row> rows) {
        return rows.stream().mapToLong(r -> r.versusBaseline().size()).sum();
    }

    static void write(String name, String question, List<Study.Row> rows, Path outDir, String command) throws IOException {
        StringBuilder md = new StringBuilder("# Study: ").append(name).append("\n\n").append(question).append("\n\n");
        md.append("Command: `").append(command).append("`\n\n");
        md.append("| arm | model | split | runs | OA (accuracy) | AA | Kappa | params | mult-adds | train s/run | collapsed |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Study.Row r : rows) {
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
