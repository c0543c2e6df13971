package dev.prism.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.prism.report.Images;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The JSON behind each page: a run, a study, a map's description and one pixel. */
final class RunPages {

    private RunPages() {}

    /** A run: its row, results, config, provenance, curves, confusion matrix, pictures, and its folds' ids. */
    static JsonObject run(RunIndex.Entry e, Folders folders) throws IOException {
        Path dir = e.dir();
        JsonObject o = new JsonObject();
        o.add("summary", RunIndex.summary(e));
        o.add("results", RunIndex.object(dir.resolve("results.json")));
        o.add("config", RunIndex.object(dir.resolve("config.json")));
        o.add("provenance", RunIndex.object(dir.resolve("provenance.json")));
        o.add("curves", RunIndex.lines(dir.resolve("metrics.jsonl")));
        o.add("confusion", confusion(dir.resolve("confusion.csv")));
        o.add("pictures", files(e, ".png"));
        o.add("texts", files(e, ".md", ".txt"));
        if (Files.isRegularFile(dir.resolve("FAILED"))) {
            o.addProperty("failure", Files.readString(dir.resolve("FAILED"), StandardCharsets.UTF_8).strip());
        }
        o.addProperty("hasMap", e.kind() == RunIndex.Kind.MAP ? Files.isRegularFile(dir.resolve("classification.hdr"))
                : Files.isRegularFile(dir.resolve("predicted.npy")) || Files.isRegularFile(dir.resolve("predicted-cv.npy")));
        JsonArray folds = new JsonArray();
        for (int k = 1; Files.isDirectory(dir.resolve("fold-" + k)); k++) {
            folds.add(e.id() + "/fold-" + k);
        }
        o.add("folds", folds);
        return o;
    }

    /** A study: its table ({@code study.json}) and every run below its folder. */
    static JsonObject study(RunIndex.Entry e, Folders folders) throws IOException {
        JsonObject o = new JsonObject();
        o.add("summary", RunIndex.summary(e));
        o.add("arms", RunIndex.array(e.dir().resolve("study.json")));
        JsonArray runs = new JsonArray();
        for (RunIndex.Entry r : RunIndex.below(folders, e)) {
            if (r.kind() != RunIndex.Kind.STUDY) {
                runs.add(RunIndex.summary(r));
            }
        }
        o.add("runs", runs);
        o.add("pictures", files(e, ".png"));
        o.add("texts", files(e, ".md"));
        return o;
    }

    /** A map's size, zoom levels, layers, classes with their colours and pixel counts. */
    static JsonObject mapMeta(MapSource m, RunIndex.Entry e) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("rows", m.rows());
        o.addProperty("cols", m.cols());
        o.addProperty("tile", Tiles.SIZE);
        o.addProperty("maxZoom", Tiles.maxZoom(m.rows(), m.cols()));
        JsonArray layers = new JsonArray();
        layers.add("predicted");
        if (m.hasTruth()) {
            layers.add("truth");
            layers.add("errors");
        }
        if (m.hasConfidence()) {
            layers.add("confidence");
        }
        o.add("layers", layers);
        long[] counts = m.counts() != null ? m.counts() : counts(e.dir(), m.names().size());
        JsonArray classes = new JsonArray();
        for (int k = 0; k < m.names().size(); k++) {
            JsonObject c = new JsonObject();
            c.addProperty("name", m.names().get(k));
            c.addProperty("colour", String.format("#%06x", Images.color(k).getRGB() & 0xffffff));
            if (counts != null) {
                c.addProperty("pixels", counts[k]);
            }
            classes.add(c);
        }
        o.add("classes", classes);
        return o;
    }

    /** One pixel: its predicted class, ground truth, confidence and spectrum, as far as they are known. */
    static JsonObject pixel(MapSource m, int r, int c) throws IOException {
        if (r < 0 || c < 0 || r >= m.rows() || c >= m.cols()) {
            throw new Viewer.NotFound();
        }
        JsonObject o = new JsonObject();
        o.addProperty("row", r);
        o.addProperty("col", c);
        int p = m.classes(MapSource.Layer.PREDICTED, r, c, 1, 1)[0];
        o.addProperty("predicted", p);
        o.addProperty("predictedName", name(m, p));
        if (m.hasTruth()) {
            int t = m.classes(MapSource.Layer.TRUTH, r, c, 1, 1)[0];
            o.addProperty("truth", t);
            o.addProperty("truthName", t < 0 ? "unlabelled" : name(m, t));
        }
        if (m.hasConfidence()) {
            o.addProperty("confidence", m.confidences(r, c, 1, 1)[0]);
        }
        float[] s = m.spectrum(r, c);
        if (s != null) {
            JsonArray a = new JsonArray();
            for (float v : s) {
                a.add(v);
            }
            o.add("spectrum", a);
            o.addProperty("spectrumKind", m.spectrumKind());
        }
        return o;
    }

    private static String name(MapSource m, int k) {
        return k < 0 ? "unclassified" : k < m.names().size() ? m.names().get(k) : "class " + (k + 1);
    }

    /** Pixels per class from a map's {@code counts.csv} (class,name,pixels,share), or null. */
    private static long[] counts(Path dir, int classes) throws IOException {
        Path csv = dir.resolve("counts.csv");
        if (!Files.isRegularFile(csv)) {
            return null;
        }
        long[] out = new long[classes];
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int k = Integer.parseInt(f[0]) - 1;
            if (k >= 0 && k < classes) {
                out[k] = Long.parseLong(f[f.length - 2]);
            }
        }
        return out;
    }

    /** {@code confusion.csv} (true \ predicted counts) as labels and rows, or an empty object. */
    private static JsonObject confusion(Path csv) throws IOException {
        JsonObject o = new JsonObject();
        if (!Files.isRegularFile(csv)) {
            return o;
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        JsonArray labels = new JsonArray();
        String[] head = lines.get(0).split(",");
        for (int i = 1; i < head.length; i++) {
            labels.add(head[i]);
        }
        JsonArray rows = new JsonArray();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            JsonArray row = new JsonArray();
            for (int i = 1; i < f.length; i++) {
                row.add(Long.parseLong(f[i].trim()));
            }
            rows.add(row);
        }
        o.add("labels", labels);
        o.add("rows", rows);
        return o;
    }

    /** The ids of {@code e}'s own files ending in one of {@code endings}, by name. */
    private static JsonArray files(RunIndex.Entry e, String... endings) throws IOException {
        JsonArray out = new JsonArray();
        try (Stream<Path> s = Files.list(e.dir())) {
            s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).filter(n -> Stream.of(endings).anyMatch(n::endsWith))
                    .sorted().forEach(n -> out.add(e.id() + "/" + n));
        }
        return out;
    }
}
