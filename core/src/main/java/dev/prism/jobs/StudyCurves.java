package dev.prism.jobs;

import dev.prism.report.StudyPlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each arm's training curve, the mean over its runs of each epoch's training loss and accuracy
 * (from the runs' {@code metrics.csv}): the evidence for whether a study's number of epochs is
 * enough. {@code study.md} gets one plot per protocol and a table of how much the last two epochs
 * still changed.
 */
final class StudyCurves {

    private StudyCurves() {}

    /**
     * The mean curves of the arm labelled {@code label} over its {@code runs} runs (a cross-validated
     * run's folds each count as one): {loss, accuracy}; null when none has a metrics file.
     */
    static double[][] mean(Path outDir, String label, int runs) throws IOException {
        double[][] sum = null;
        int n = 0;
        for (long seed = 1; seed <= runs; seed++) {
            for (Path csv : metricFiles(Study.runDir(outDir, label, seed))) {
                double[][] c = read(csv);
                sum = sum == null ? c : add(sum, c);
                n++;
            }
        }
        if (sum == null) {
            return null;
        }
        for (double[] curve : sum) {
            for (int i = 0; i < curve.length; i++) {
                curve[i] /= n;
            }
        }
        return sum;
    }

    /** A run's {@code metrics.csv}, or each of its folds' when it is cross-validated. */
    private static List<Path> metricFiles(Path runDir) {
        Path own = runDir.resolve("metrics.csv");
        if (Files.isRegularFile(own)) {
            return List.of(own);
        }
        List<Path> folds = new java.util.ArrayList<>();
        for (int f = 1; Files.isDirectory(CrossValidation.foldDir(runDir, f)); f++) {
            Path csv = CrossValidation.foldDir(runDir, f).resolve("metrics.csv");
            if (Files.isRegularFile(csv)) {
                folds.add(csv);
            }
        }
        return folds;
    }

    /** The plots and the table, for the arms that ran. */
    static void append(StringBuilder md, List<Study.Row> rows, Path outDir, String name) throws IOException {
        Map<String, Map<String, double[]>> lossBySplit = new LinkedHashMap<>();
        StringBuilder table = new StringBuilder();
        for (Study.Row r : rows) {
            double[][] c = r.impossible() == null ? mean(outDir, r.label(), r.runs()) : null;
            if (c == null || c[0].length < 2) {
                continue;
            }
            lossBySplit.computeIfAbsent(r.split(), k -> new LinkedHashMap<>()).put(r.label(), c[0]);
            int e = c[0].length;
            int k = Math.max(1, e - 2); // the epoch two before the last
            table.append(String.format(Locale.ROOT, "| %s | %d | %.4f (%d) → %.4f (%d) | %.2f → %.2f |%n", r.label(), e, c[0][k - 1], k,
                    c[0][e - 1], e, c[1][k - 1], c[1][e - 1]));
        }
        if (table.length() == 0) {
            return;
        }
        md.append("\n## Training curves (mean over runs)\n\nHow much the last epochs still changed: training loss and accuracy"
                + " (percent) two epochs before the last and at the last, the mean over each arm's runs.\n\n"
                + "| arm | epochs | train loss (epoch) | train accuracy % |\n|---|---|---|---|\n").append(table);
        for (Map.Entry<String, Map<String, double[]>> e : lossBySplit.entrySet()) {
            String file = "study-curves-" + e.getKey().replaceAll("[^A-Za-z0-9]+", "-") + ".png";
            StudyPlot.curves(outDir.resolve(file), "Training loss per epoch, mean over runs, " + e.getKey() + " (" + name + ")",
                    "cross-entropy", e.getValue());
            md.append("\n![Training loss per epoch, ").append(e.getKey()).append("](").append(file).append(")\n");
        }
    }

    /** {train loss, train accuracy} per epoch of one run's metrics.csv. */
    private static double[][] read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int loss = header.indexOf("train_loss");
        int acc = header.indexOf("train_acc");
        if (loss < 0 || acc < 0) {
            throw new IOException(csv + " has no train_loss and train_acc columns: it was edited or damaged");
        }
        double[][] c = new double[2][lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            c[0][i - 1] = Double.parseDouble(f[loss]);
            c[1][i - 1] = Double.parseDouble(f[acc]);
        }
        return c;
    }

    /** Element-wise sum over the epochs both have. */
    private static double[][] add(double[][] a, double[][] b) {
        int n = Math.min(a[0].length, b[0].length);
        double[][] s = new double[2][n];
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < n; i++) {
                s[k][i] = a[k][i] + b[k][i];
            }
        }
        return s;
    }
}
