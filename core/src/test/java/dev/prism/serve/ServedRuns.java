package dev.prism.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.cli.CliRun;
import dev.prism.data.hsi.TestScenes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A folder a viewer serves in the tests, made as a user makes one: a HybridSN run trained on the
 * small test scene, a map of that scene made by {@code prism map} with the run, and a study's table
 * (the attention study's {@code study.json} as committed).
 */
final class ServedRuns {

    final Path scene;
    final Path runs;
    final Path run;
    final Path map;

    private ServedRuns(Path dir) {
        this.scene = dir;
        this.runs = dir.resolve("runs");
        this.run = runs.resolve("ip-run");
        this.map = runs.resolve("a-map");
    }

    /** Trains, maps and copies into {@code dir}. */
    static ServedRuns make(Path dir) throws IOException {
        ServedRuns s = new ServedRuns(dir);
        TestScenes.write(dir, 23, 17, 24, 3, 7);
        CliRun trained = CliRun.of(TestScenes.trainArgs(dir, s.run, 2, 32).toArray(String[]::new));
        assertThat(trained.code()).as(trained.err()).isZero();
        CliRun mapped = CliRun.of("map", "--run", s.run.toString(), "--cube", dir.resolve("cube.mat") + ":cube", "--out", s.map.toString(),
                "--engine", "djl");
        assertThat(mapped.code()).as(mapped.err()).isZero();
        Files.createDirectories(s.runs.resolve("study"));
        Files.copy(Path.of("docs/studies/hsi-attention-10ep/study.json"), s.runs.resolve("study/study.json"));
        return s;
    }

    /**
     * A map folder as {@code prism map} writes one, of {@code side} x {@code side} pixels with a
     * pattern of 16 classes (labels only: no cube, no confidence), for showing a large map.
     */
    static Path largeMap(Path dir, int side) throws IOException {
        Files.createDirectories(dir);
        byte[] labels = new byte[side * side];
        long[] counts = new long[16];
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                int k = (r / 97 + c / 89) % 16;
                labels[r * side + c] = (byte) (k + 1);
                counts[k]++;
            }
        }
        Files.write(dir.resolve("classification.dat"), labels);
        StringBuilder names = new StringBuilder("Unclassified");
        StringBuilder csv = new StringBuilder("class,name,pixels,share\n");
        for (int k = 0; k < 16; k++) {
            names.append(", class ").append(k + 1);
            csv.append(k + 1).append(",\"class ").append(k + 1).append("\",").append(counts[k]).append(",0\n");
        }
        Files.writeString(dir.resolve("classification.hdr"), "ENVI\nsamples = " + side + "\nlines = " + side + "\nbands = 1\n"
                + "header offset = 0\nfile type = ENVI Classification\ndata type = 1\ninterleave = bsq\nbyte order = 0\nclasses = 17\n"
                + "class names = {" + names + "}\n");
        Files.writeString(dir.resolve("counts.csv"), csv.toString());
        Files.writeString(dir.resolve("map.json"), "{\"rows\": " + side + ", \"cols\": " + side + "}");
        return dir;
    }

    /** The class name the map's ENVI file holds at ({@code row}, {@code col}), read from the file and its header. */
    String mapClassAt(int row, int col) throws IOException {
        byte[] labels = Files.readAllBytes(map.resolve("classification.dat"));
        String header = Files.readString(map.resolve("classification.hdr"));
        int cols = Integer.parseInt(header.replaceAll("(?s).*samples\\s*=\\s*(\\d+).*", "$1"));
        String names = header.replaceAll("(?s).*class names\\s*=\\s*\\{([^}]*)\\}.*", "$1");
        return names.split(",")[labels[row * cols + col] & 0xff].trim();
    }
}
