package dev.prism.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyPlotTest {

    @TempDir
    Path dir;

    /** hsi-repeat's labels ran into each other at 200 pixels an arm: a box is as wide as its label. */
    @Test
    void boxesMakeRoomForLongLabels() throws Exception {
        Map<String, double[]> shortLabels = new LinkedHashMap<>();
        shortLabels.put("cnn2d", new double[] {98.1, 98.4});
        shortLabels.put("cnn3d", new double[] {99.3, 99.5});
        Map<String, double[]> longLabels = new LinkedHashMap<>();
        longLabels.put("split varies, init + dropout fixed", new double[] {98.1, 98.4});
        longLabels.put("PyTorch reference recipe, all seeds vary", new double[] {99.3, 99.5});
        StudyPlot.write(dir.resolve("short.png"), "OA", "OA %", shortLabels);
        StudyPlot.write(dir.resolve("long.png"), "OA", "OA %", longLabels);
        int shortWidth = ImageIO.read(dir.resolve("short.png").toFile()).getWidth();
        int longWidth = ImageIO.read(dir.resolve("long.png").toFile()).getWidth();
        assertThat(shortWidth).isEqualTo(160 + 2 * 200);
        assertThat(longWidth).isGreaterThanOrEqualTo(160 + 2 * 8 * "PyTorch reference recipe, all seeds vary".length());

        assertThat(StudyPlot.quantile(new double[] {1, 2, 3, 4}, 0.25)).as("NumPy's linear quantile").isEqualTo(1.75);
        assertThat(StudyPlot.quantile(new double[] {1, 2, 3, 4, 10}, 0.5)).isEqualTo(3);

        StudyPlot.curves(dir.resolve("curves.png"), "loss", "cross-entropy", Map.of("PyTorch reference recipe, all seeds vary", new double[] {2, 1}));
        assertThat(ImageIO.read(dir.resolve("curves.png").toFile()).getWidth()).as("room for the legend").isGreaterThan(720);
    }
}
