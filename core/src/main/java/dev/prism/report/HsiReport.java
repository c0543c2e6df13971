package dev.prism.report;

import dev.prism.data.hsi.Scene;
import dev.prism.data.hsi.Split;
import dev.prism.io.AtomicFiles;
import dev.prism.metrics.ClassificationReport;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pictures and tables of a hyperspectral run: prediction maps (whole scene and labelled
 * pixels), ground truth, split masks, error map, false-colour composite, confusion matrix (CSV and
 * PNG) and a Markdown report tying them together. Plain Java: no engine.
 */
public final class HsiReport {

    private HsiReport() {}

    private static List<String> legend(Scene s) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < s.classes(); k++) {
            names.add(s.labels()[k] + " " + s.classNames().get(k));
        }
        return names;
    }

    /** Every pixel's predicted class (dense index), rows x cols, written by {@link #maps}. */
    public static final String PREDICTED = "predicted.npy";

    /**
     * Writes the ground-truth, split and predicted classification maps (PNG, with the scene's class
     * colours and legend) into {@code dir}.
     */
    public static void maps(Path dir, Scene s, Split split, int[] predicted) throws IOException {
        List<String> names = legend(s);
        int n = s.pixels();
        float[] asFloat = new float[n];
        for (int p = 0; p < n; p++) {
            asFloat[p] = predicted[p];
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        dev.prism.io.Npy.write(new dev.prism.io.Tensor(new long[] {s.rows(), s.cols()}, asFloat), bytes);
        dev.prism.io.AtomicFiles.write(dir.resolve(PREDICTED), bytes.toByteArray());
        Images.classMap(dir.resolve("map-prediction.png"), s.name() + ": prediction, every pixel", s.rows(), s.cols(), predicted, names);
        int[] labelled = new int[n];
        int[] truth = new int[n];
        int[] errors = new int[n];
        for (int p = 0; p < n; p++) {
            int d = s.dense(p);
            truth[p] = d;
            labelled[p] = d < 0 ? -1 : predicted[p];
            errors[p] = d < 0 ? -1 : (predicted[p] == d ? 0 : 1);
        }
        Images.classMap(dir.resolve("map-prediction-labelled.png"), s.name() + ": prediction, labelled pixels", s.rows(), s.cols(), labelled, names);
        Images.classMap(dir.resolve("map-ground-truth.png"), s.name() + ": ground truth", s.rows(), s.cols(), truth, names);
        // errors on test pixels only would hide training fit; show all labelled pixels, marking train ones apart
        int[] mask = split.mask(n);
        for (int p = 0; p < n; p++) {
            if (errors[p] >= 0 && mask[p] != Split.TEST) {
                errors[p] = errors[p] == 0 ? 2 : 3;
            }
        }
        Images.classMap(dir.resolve("map-errors.png"), s.name() + ": errors", s.rows(), s.cols(), errors,
                List.of("test pixel correct", "test pixel wrong", "train/val pixel correct", "train/val pixel wrong"),
                List.of(new Color(0x2ca02c), new Color(0xd62728), new Color(0xb8e0b8), new Color(0xf0a0a0)));
        float[][] rgb = new float[3][n];
        for (int ch = 0; ch < 3; ch++) {
            int band = s.rgbBands()[ch];
            for (int p = 0; p < n; p++) {
                rgb[ch][p] = s.cube()[p * s.bands() + band];
            }
        }
        Images.falseColour(dir.resolve("map-false-colour.png"), String.format(Locale.ROOT, "%s: bands %d, %d, %d as RGB",
                s.name(), s.rgbBands()[0], s.rgbBands()[1], s.rgbBands()[2]), s.rows(), s.cols(), rgb);
    }

    /** Writes a map of where the train, validation, buffer and test pixels of a split lie. */
    public static void masks(Path dir, Scene s, int[] mask) throws IOException {
        int[] classes = new int[mask.length];
        for (int p = 0; p < mask.length; p++) {
            classes[p] = mask[p] - 1;
        }
        Images.classMap(dir.resolve("split-mask.png"), s.name() + ": split", s.rows(), s.cols(), classes,
                List.of("train", "validation", "test", "buffer (neither)"),
                List.of(new Color(0x2ca02c), new Color(0xffbb00), new Color(0x1f77b4), new Color(0x999999)));
    }

    /** Writes the confusion matrix as CSV and PNG, and the per-class report, into {@code dir}. */
    public static void confusion(Path dir, ClassificationReport r, Scene s) throws IOException {
        StringBuilder csv = new StringBuilder("true\\predicted");
        for (int k = 0; k < s.classes(); k++) {
            csv.append(',').append(s.labels()[k]);
        }
        csv.append('\n');
        for (int i = 0; i < s.classes(); i++) {
            csv.append(s.labels()[i]);
            for (long v : r.confusion()[i]) {
                csv.append(',').append(v);
            }
            csv.append('\n');
        }
        AtomicFiles.writeString(dir.resolve("confusion.csv"), csv.toString());
        Images.confusion(dir.resolve("confusion.png"), s.name(), r.confusion(), legend(s));
    }

    /** report.md: configuration, headline metrics, per-class table, curves and maps. */
    public static void markdown(Path dir, String title, Map<String, String> config, ClassificationReport r, String warning)
            throws IOException {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        if (warning != null) {
            md.append("> **Warning:** ").append(warning).append("\n\n");
        }
        md.append(String.format(Locale.ROOT, "| OA | AA | Kappa | test pixels |\n|---|---|---|---|\n| %.2f | %.2f | %.2f | %d |\n\n",
                r.oa(), r.aa(), r.kappa(), r.samples()));
        md.append("## Configuration\n\n| setting | value |\n|---|---|\n");
        config.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n## Per class (test pixels)\n\n| label | class | pixels | precision | recall (accuracy) | F1 |\n|---|---|---|---|---|---|\n");
        for (ClassificationReport.ClassRow c : r.perClass()) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %d | %.2f | %.2f | %.2f |\n",
                    c.label(), c.name(), c.support(), c.precision(), c.recall(), c.f1()));
        }
        md.append("\n## Curves\n\n![loss](loss.png) ![accuracy](accuracy.png)\n\n## Maps\n\n");
        for (String png : List.of("map-false-colour.png", "map-ground-truth.png", "map-prediction.png",
                "map-prediction-labelled.png", "map-errors.png", "split-mask.png", "confusion.png")) {
            md.append("![").append(png).append("](").append(png).append(")\n\n");
        }
        AtomicFiles.writeString(dir.resolve("report.md"), md.toString());
    }
}
