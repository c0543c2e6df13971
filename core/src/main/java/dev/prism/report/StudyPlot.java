package dev.prism.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;

/** A study's per-run values as one box per arm (XChart), as PNG. */
public final class StudyPlot {

    private StudyPlot() {}

    /** Writes a box plot of {@code valuesByArm} (arm label to one value per run) to {@code file}. */
    public static void write(Path file, String title, String axis, Map<String, double[]> valuesByArm) throws IOException {
        BoxChart chart = new BoxChartBuilder().width(160 + 200 * valuesByArm.size()).height(420).title(title)
                .yAxisTitle(axis).build();
        chart.getStyler().setLegendVisible(false);
        valuesByArm.forEach((arm, values) -> chart.addSeries(arm, values));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        dev.prism.io.AtomicFiles.write(file, out.toByteArray());
    }
}
