package dev.prism.jobs;

import com.google.gson.JsonObject;
import dev.prism.io.FileTrees;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finished runs of other studies taken over by a study instead of being trained again. Studies
 * share arms: HybridSN on the random split with seed i is run i of {@code hsi-2d-vs-3d}, of
 * {@code hsi-attention} and of {@code hsi-repeat}'s "all seeds vary". A run is taken over only when
 * its {@code config.json} describes the very run the study would train (every setting, seeds
 * included) and its {@code provenance.json} records the checksum of the data the study uses now; it
 * is copied whole into the study's folder with a {@code reused.txt} naming its source and the
 * commits that trained it and took it over (a run of another version of Prism is taken over too:
 * the settings, not the code, are compared; say so where it matters). Arms whose
 * runs all have the same config (hsi-repeat's "nothing varies", which measures what differs between
 * repeats of one run) take over only the repeats of such an arm, run i from
 * run i, so no run counts twice.
 */
public final class RunReuse {

    /** The file, in a run folder taken over, that names the run it was copied from. */
    public static final String MARKER = "reused.txt";

    private RunReuse() {}

    /**
     * Copies into {@code outDir} every finished run in {@code from} (study folders) that one of
     * {@code arms}' runs 1..{@code runs} would repeat and that is not finished there yet.
     *
     * @return how many runs were taken over
     */
    public static int adopt(List<Study.Arm> arms, int runs, Path outDir, List<Path> from, PrintStream log) throws IOException {
        if (from.isEmpty()) {
            return 0;
        }
        List<Finished> candidates = finishedRuns(from);
        Map<String, String> checksums = new HashMap<>();
        int adopted = 0;
        int[] perSource = new int[from.size()];
        for (Study.Arm arm : arms) {
            boolean repeats = runs > 1 && arm.configForSeed().apply(1).equals(arm.configForSeed().apply(2));
            for (long seed = 1; seed <= runs; seed++) {
                long runIndex = seed; // effectively final, for the filter below
                Path runDir = Study.runDir(outDir, arm, seed);
                if (!(arm.configForSeed().apply(seed) instanceof HsiConfig c) || Files.isRegularFile(runDir.resolve("results.json"))) {
                    continue;
                }
                // the data is read (for its checksum) only once a run with the same settings is found
                // an arm of repeats takes over repeat i only from a run i of another study's arm of repeats: never one run twice
                Finished source = candidates.stream().filter(f -> c.equals(f.config()))
                        .filter(f -> !repeats || (Study.isRun(f.dir(), runIndex) && isRepeat(f, candidates)))
                        .filter(f -> checksums.computeIfAbsent(dataKey(c), k -> checksum(c)).equals(f.dataChecksum()))
                        .findFirst().orElse(null);
                if (source != null) {
                    perSource[from.indexOf(source.dir().getParent())]++;
                    copy(source, runDir);
                    log.printf(Locale.ROOT, "== %s, run %d: reused %s (same settings, seeds and data)%n", arm.label(), seed, source.dir());
                    adopted++;
                }
            }
        }
        for (int i = 0; i < from.size(); i++) {
            log.printf(Locale.ROOT, "--reuse %s: took over %d of its runs%s%n", from.get(i), perSource[i],
                    perSource[i] == 0 ? " (none has this study's settings, seeds and data)" : "");
        }
        return adopted;
    }

    /** A finished hyperspectral run of another study: its folder, settings, data checksum and commit (from its provenance). */
    private record Finished(Path dir, HsiConfig config, String dataChecksum, String commit) {}

    /** Whether {@code run}'s study holds other runs with the same settings: it is one of an arm's repeats. */
    private static boolean isRepeat(Finished run, List<Finished> candidates) {
        return candidates.stream().anyMatch(o -> o != run && o.dir().getParent().equals(run.dir().getParent()) && o.config().equals(run.config()));
    }

    /** The finished hyperspectral runs in the study folders {@code from}, each read once. */
    private static List<Finished> finishedRuns(List<Path> from) throws IOException {
        List<Finished> runs = new ArrayList<>();
        for (Path dir : from) {
            if (Files.isRegularFile(dir)) {
                throw new IllegalArgumentException("--reuse " + dir + " is a file, not a folder: give the --out folder of an earlier study");
            }
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("the study folder to reuse runs from, " + dir + ", does not exist");
            }
            if (Files.isRegularFile(dir.resolve(RunFolder.CONFIG))) {
                throw new IllegalArgumentException("--reuse " + dir + " is a run folder, not a study's: give the study folder that holds it");
            }
            List<Path> folders;
            try (Stream<Path> s = Files.list(dir)) {
                folders = s.filter(p -> Files.isRegularFile(p.resolve("results.json")) && Files.isRegularFile(p.resolve(RunFolder.CONFIG))
                        && Files.isRegularFile(p.resolve("provenance.json"))).sorted().toList();
            }
            if (folders.isEmpty()) {
                throw new IllegalArgumentException("--reuse " + dir + " holds no finished run of a study: give the --out folder of an earlier study");
            }
            for (Path p : folders) {
                JsonObject raw = Json.read(p.resolve(RunFolder.CONFIG), JsonObject.class);
                JsonObject prov = Json.read(p.resolve("provenance.json"), JsonObject.class);
                if (raw.has("train") && prov.has("dataChecksum")) {
                    runs.add(new Finished(p, Json.GSON.fromJson(raw, HsiConfig.class), prov.get("dataChecksum").getAsString(),
                            prov.has("gitCommit") && !prov.get("gitCommit").isJsonNull() ? prov.get("gitCommit").getAsString() : "unknown"));
                }
            }
        }
        return runs;
    }

    /**
     * Refuses a study's own finished run whose settings or data are not those the study would run
     * now (another scene, other epochs, another version's defaults), naming the first difference:
     * a finished run is kept only when it is the very run the study asks for.
     *
     * @param checksums data checksums already computed in this study, by data source
     */
    static void checkOwn(Path runDir, Object config, Map<String, String> checksums) throws IOException {
        Path file = runDir.resolve(RunFolder.CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(runDir + " holds results.json without config.json: not a run this study can keep"
                    + " | move it away or give another --out");
        }
        com.google.gson.JsonElement stored = Json.read(file, com.google.gson.JsonElement.class);
        com.google.gson.JsonElement now = Json.GSON.toJsonTree(config);
        String diff = firstDifference("", stored, now);
        if (diff != null) {
            throw new IllegalStateException(runDir + " holds a finished run with other settings than this study's (" + diff
                    + ") | give another --out, or delete that run folder to train it anew");
        }
        if (config instanceof HsiConfig c) {
            JsonObject prov = Json.read(runDir.resolve("provenance.json"), JsonObject.class);
            String recorded = prov.has("dataChecksum") && !prov.get("dataChecksum").isJsonNull() ? prov.get("dataChecksum").getAsString() : "";
            String current = checksums.computeIfAbsent(dataKey(c), k -> checksum(c));
            if (!recorded.equals(current)) {
                throw new IllegalStateException(runDir + " holds a finished run trained on other data (sha256 " + recorded
                        + ", this study's data " + current + ") | give another --out");
            }
        }
    }

    /** The first path at which two JSON trees differ, as "path: stored here, now", or null when equal. */
    static String firstDifference(String path, com.google.gson.JsonElement a, com.google.gson.JsonElement b) {
        if (a == null || a.isJsonNull()) {
            return b == null || b.isJsonNull() ? null : path + ": unset in the run, " + b + " now";
        }
        if (b == null || b.isJsonNull()) {
            return path + ": " + a + " in the run, unset now";
        }
        if (a.isJsonObject() && b.isJsonObject()) {
            java.util.Set<String> keys = new java.util.TreeSet<>(a.getAsJsonObject().keySet());
            keys.addAll(b.getAsJsonObject().keySet());
            for (String k : keys) {
                String d = firstDifference(path.isEmpty() ? k : path + "." + k, a.getAsJsonObject().get(k), b.getAsJsonObject().get(k));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (a.isJsonPrimitive() && b.isJsonPrimitive() && a.getAsJsonPrimitive().isNumber() && b.getAsJsonPrimitive().isNumber()) {
            return a.getAsDouble() == b.getAsDouble() ? null : path + ": " + a + " in the run, " + b + " now";
        }
        return a.equals(b) ? null : path + ": " + a + " in the run, " + b + " now";
    }

    private static String dataKey(HsiConfig c) {
        return c.scene() + "|" + c.dataDir() + "|" + c.cube() + "|" + c.gt() + "|" + c.classesFile();
    }

    private static String checksum(HsiConfig c) {
        try {
            return HsiData.loadScene(c).checksum();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Copies the run into a sibling folder, then puts it in place of {@code runDir} (which may hold an unfinished run). */
    private static void copy(Finished source, Path runDir) throws IOException {
        Path tmp = runDir.resolveSibling(runDir.getFileName() + ".reusing");
        FileTrees.delete(tmp);
        FileTrees.copy(source.dir(), tmp, p -> !p.getFileName().toString().equals(RunFolder.LOCK));
        dev.prism.io.AtomicFiles.writeString(tmp.resolve(MARKER), "reused from " + source.dir().toAbsolutePath().normalize()
                + "\nthe same settings and seeds (config.json) and data (sha256 " + source.dataChecksum() + ")\ntrained by Prism at commit "
                + source.commit() + " (provenance.json), taken over by Prism at commit " + Provenance.findGitCommit() + "\non "
                + java.time.Instant.now() + "\n");
        FileTrees.delete(runDir);
        Files.move(tmp, runDir);
    }
}
