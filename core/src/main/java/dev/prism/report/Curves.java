package dev.prism.report;

import dev.prism.train.EpochRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** Loss and accuracy curves per epoch (XChart), as PNG. */
public final class Curves {

    private Curves() {}

    /** Writes {@code curves.png} (loss and accuracy per epoch, training and validation) into {@code dir}. */
    public static void write(Path dir, List<EpochRecord> history) throws IOException {
        if (history.isEmpty()) {
            return;
        }
        double[] epochs = history.stream().mapToDouble(EpochRecord::epoch).toArray();
        XYChart loss = new XYChartBuilder().width(640).height(400).title("Loss").xAxisTitle("epoch").yAxisTitle("cross-entropy").build();
        loss.addSeries("train", epochs, history.stream().mapToDouble(EpochRecord::trainLoss).toArray());
        if (history.stream().anyMatch(r -> !Double.isNaN(r.valLoss()))) {
            loss.addSeries("validation", epochs, history.stream().mapToDouble(r -> nanToZero(r.valLoss())).toArray());
        }
        save(loss, dir.resolve("loss.png"));
        XYChart acc = new XYChartBuilder().width(640).height(400).title("Accuracy").xAxisTitle("epoch").yAxisTitle("%").build();
        acc.addSeries("train", epochs, history.stream().mapToDouble(EpochRecord::trainAccuracy).toArray());
        if (history.stream().anyMatch(r -> !Double.isNaN(r.valAccuracy()))) {
            acc.addSeries("validation", epochs, history.stream().mapToDouble(r -> nanToZero(r.valAccuracy())).toArray());
        }
        save(acc, dir.resolve("accuracy.png"));
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static void save(XYChart chart, Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        dev.prism.io.AtomicFiles.write(file, out.toByteArray());
    }
}
