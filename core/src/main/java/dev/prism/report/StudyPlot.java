package dev.prism.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A study's figures (XChart), as PNG: every run's value per arm over its box, and one curve per arm. */
public final class StudyPlot {

    private StudyPlot() {}

    /**
     * Writes every run's value per arm (the points themselves, spread sideways so that equal values
     * stay visible) over a box from the first to the third quartile with the median, and whiskers
     * from the lowest to the highest run: with a handful of runs the points are the data, the box
     * only a guide.
     */
    public static void write(Path file, String title, String axis, Map<String, double[]> valuesByArm) throws IOException {
        // each arm as wide as its label, so long labels do not run into each other
        int perArm = Math.max(200, labelPixels(valuesByArm.keySet()) + 24);
        List<String> arms = new ArrayList<>(valuesByArm.keySet());
        XYChart chart = new XYChartBuilder().width(160 + perArm * arms.size()).height(420).title(title).yAxisTitle(axis).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisMin(0.4).setXAxisMax(arms.size() + 0.6).setXAxisTicksVisible(false);
        double lo = valuesByArm.values().stream().flatMapToDouble(Arrays::stream).min().orElse(0);
        double hi = valuesByArm.values().stream().flatMapToDouble(Arrays::stream).max().orElse(1);
        double range = Math.max(hi - lo, 1e-6);
        // each arm's name under its box, inside the plot: XChart's numeric x axis has no ticks per category
        chart.getStyler().setYAxisMin(lo - 0.15 * range).setYAxisMax(hi + 0.05 * range);
        for (int a = 0; a < arms.size(); a++) {
            addArm(chart, a + 1, arms.get(a), valuesByArm.get(arms.get(a)), Images.color(a));
            chart.addAnnotation(new org.knowm.xchart.AnnotationText(arms.get(a), a + 1, lo - 0.09 * range, false));
        }
        save(chart, file);
    }

    private static void addArm(XYChart chart, int x, String arm, double[] values, java.awt.Color colour) {
        if (values.length == 0) {
            return;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        double q1 = quantile(v, 0.25);
        double median = quantile(v, 0.5);
        double q3 = quantile(v, 0.75);
        double w = 0.25;
        line(chart, arm + " box", new double[] {x - w, x + w, x + w, x - w, x - w}, new double[] {q1, q1, q3, q3, q1}, colour);
        line(chart, arm + " median", new double[] {x - w, x + w}, new double[] {median, median}, colour);
        line(chart, arm + " low whisker", new double[] {x, x}, new double[] {v[0], q1}, colour);
        line(chart, arm + " high whisker", new double[] {x, x}, new double[] {q3, v[v.length - 1]}, colour);
        double[] xs = new double[values.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = x + (values.length == 1 ? 0 : 0.3 * (i / (values.length - 1.0) - 0.5));
        }
        XYSeries points = chart.addSeries(arm + " runs", xs, values);
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.setMarker(SeriesMarkers.CIRCLE);
        points.setMarkerColor(colour.darker());
    }

    private static void line(XYChart chart, String name, double[] x, double[] y, java.awt.Color colour) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(colour);
        s.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.SOLID);
    }

    /** The q-quantile of sorted values, linearly interpolated (NumPy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Writes one line per arm of {@code curveByArm} (arm label to one value per epoch, epochs from 1) to {@code file}. */
    public static void curves(Path file, String title, String axis, Map<String, double[]> curveByArm) throws IOException {
        // the legend beside the plot takes the longest label's width; the plot keeps ~600
        XYChart chart = new XYChartBuilder().width(Math.max(720, 600 + labelPixels(curveByArm.keySet()))).height(420).title(title).xAxisTitle("epoch").yAxisTitle(axis).build();
        curveByArm.forEach((arm, values) -> {
            double[] epochs = new double[values.length];
            for (int i = 0; i < epochs.length; i++) {
                epochs[i] = i + 1;
            }
            chart.addSeries(arm, epochs, values);
        });
        save(chart, file);
    }

    /** About how wide the longest of {@code labels} is drawn: 8 pixels a character. */
    private static int labelPixels(java.util.Collection<String> labels) {
        return 8 * labels.stream().mapToInt(String::length).max().orElse(0);
    }

    private static void save(Chart<?, ?> chart, Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        dev.prism.io.AtomicFiles.write(file, out.toByteArray());
    }
}
