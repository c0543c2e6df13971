package dev.prism.jobs;

import dev.prism.io.AtomicFiles;
import dev.prism.io.ChannelSlices;
import dev.prism.io.EnviWriter;
import dev.prism.report.Images;
import java.awt.Color;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A map's files ({@link MapJob}): the label and confidence images allocated at full size for tiles
 * to be written into, then moved into place with their ENVI headers (class names, colours,
 * georeferencing), {@code counts.csv}, the preview and {@code map.json}.
 */
final class MapFiles {

    private MapFiles() {}

    /** The map files at their full size, for tiles to be written into at their rows. */
    static void allocate(MapJob.Plan plan) throws IOException {
        long pixels = (long) plan.rows() * plan.cols();
        try (RandomAccessFile labels = new RandomAccessFile(plan.labels().toFile(), "rw");
                RandomAccessFile confidences = new RandomAccessFile(plan.confidences().toFile(), "rw")) {
            labels.setLength(pixels);
            confidences.setLength(pixels * 4);
        }
    }

    /** Renames the map files into place and writes their headers, the counts, the preview and map.json. */
    static MapJob.Result finish(MapJob.Plan plan, Classifier classifier, MapJob.Counts counts, String engine, double seconds) throws IOException {
        long pixels = (long) plan.rows() * plan.cols();
        if (counts.pixels() != pixels) {
            throw new IllegalStateException("the tiles classified " + counts.pixels() + " of " + pixels + " pixels: the map is incomplete ("
                    + plan.labels() + " is kept)");
        }
        Path out = Path.of(plan.outDir());
        int k = plan.classes();
        List<String> names = new ArrayList<>(List.of("Unclassified"));
        names.addAll(classifier.classNames());
        List<int[]> colours = new ArrayList<>();
        colours.add(new int[] {0, 0, 0});
        for (int i = 0; i < k; i++) {
            Color c = Images.color(i);
            colours.add(new int[] {c.getRed(), c.getGreen(), c.getBlue()});
        }
        String description = "Prism " + classifier.model() + " classification of " + plan.sceneName();
        Path labels = out.resolve("classification.dat");
        Path confidences = out.resolve("confidence.dat");
        Files.move(plan.labels(), labels, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.move(plan.confidences(), confidences, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        EnviWriter.classificationHeader(labels, description, plan.rows(), plan.cols(), names, colours, plan.geo());
        EnviWriter.floatsHeader(confidences, "top softmax probability of " + description, plan.rows(), plan.cols(), "confidence",
                plan.geo());
        StringBuilder csv = new StringBuilder("class,name,pixels,share\n");
        for (int i = 0; i < k; i++) {
            csv.append(String.format(Locale.ROOT, "%d,\"%s\",%d,%.6f%n", i + 1, classifier.classNames().get(i).replace("\"", "'"),
                    counts.perClass()[i], counts.perClass()[i] / (double) pixels));
        }
        AtomicFiles.writeString(out.resolve("counts.csv"), csv.toString());
        preview(out.resolve("preview.png"), plan, classifier, labels);
        MapJob.Result r = new MapJob.Result(plan.rows(), plan.cols(), counts.perClass(), counts.confidenceSum() / pixels, seconds, engine,
                counts.seconds());
        Json.write(out.resolve("map.json"), r);
        return r;
    }

    /** The map with its legend, every {@code step}-th pixel of the written map so that no side exceeds {@link MapJob#PREVIEW_SIDE}. */
    private static void preview(Path file, MapJob.Plan plan, Classifier classifier, Path labels) throws IOException {
        int step = (Math.max(plan.rows(), plan.cols()) + MapJob.PREVIEW_SIDE - 1) / MapJob.PREVIEW_SIDE;
        int rows = (plan.rows() + step - 1) / step;
        int cols = (plan.cols() + step - 1) / step;
        int[] small = new int[rows * cols];

        ByteBuffer row = ByteBuffer.allocate(plan.cols());
        try (FileChannel ch = FileChannel.open(labels, StandardOpenOption.READ)) {
            for (int r = 0; r < rows; r++) {
                ChannelSlices.readFully(ch, row.clear(), (long) r * step * plan.cols(), labels);
                for (int c = 0; c < cols; c++) {
                    small[r * cols + c] = (row.get(c * step) & 0xff) - 1;
                }
            }
        }
        Images.classMap(file, classifier.model() + " on " + plan.sceneName() + (step > 1 ? " (every " + step + "th pixel)" : ""), rows,
                cols, small, classifier.classNames());
    }
}
