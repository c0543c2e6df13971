package dev.prism.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/** A study's figures (XChart), as PNG: per-run values as one box per arm, and one curve per arm. */
public final class StudyPlot {

    private StudyPlot() {}

    /** Writes a box plot of {@code valuesByArm} (arm label to one value per run) to {@code file}. */
    public static void write(Path file, String title, String axis, Map<String, double[]> valuesByArm) throws IOException {
        // each arm's box as wide as its label, so long labels do not run into each other
        int perArm = Math.max(200, labelPixels(valuesByArm.keySet()) + 24);
        BoxChart chart = new BoxChartBuilder().width(160 + perArm * valuesByArm.size()).height(420).title(title)
                .yAxisTitle(axis).build();
        chart.getStyler().setLegendVisible(false);
        valuesByArm.forEach((arm, values) -> chart.addSeries(arm, values));
        save(chart, file);
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
