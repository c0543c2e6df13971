package dev.prism.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * What the served folders hold, found by the files Prism writes: training runs ({@code config.json}
 * with {@code metrics.jsonl}, {@code results.json} or a {@code FAILED} marker), cross-validated
 * runs ({@code folds.txt} beside {@code results.json}), maps ({@code map.json}, or
 * {@code map-plan.json} while one is made) and studies ({@code study.json}). Read only: a run's
 * state is read from its files and from whether a writer holds its lock.
 */
public final class RunIndex {

    /** Folders looked into below each served folder; a study's fold runs lie three deep. */
    static final int DEPTH = 6;

    /** Entries listed at most, so that a huge folder cannot exhaust the server's memory. */
    static final int LIMIT = 20_000;

    /** One thing the viewer shows. */
    public record Entry(String id, Kind kind, Path dir) {}

    /** What a folder is. */
    public enum Kind { RUN, CV, MAP, STUDY }

    private RunIndex() {}

    /** Every run, map and study below the served folders, in folder order. */
    public static List<Entry> scan(Folders folders) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < folders.roots().size(); i++) {
            walk(folders, i, folders.roots().get(i), out);
        }
        return out;
    }

    /** The runs, maps and studies below {@code e}'s folder (itself included), in folder order. */
    static List<Entry> below(Folders folders, Entry e) throws IOException {
        List<Entry> out = new ArrayList<>();
        walk(folders, Integer.parseInt(e.id().split("/", 2)[0]), e.dir(), out);
        return out;
    }

    /** Adds what lies below {@code start}, inside served folder {@code index}, to {@code out}. */
    private static void walk(Folders folders, int index, Path start, List<Entry> out) throws IOException {
        Files.walkFileTree(start, EnumSet.noneOf(java.nio.file.FileVisitOption.class), DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                if (name.equals("checkpoints") || name.startsWith(".") && !dir.equals(start)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Kind k = kind(dir);
                if (k != null && out.size() < LIMIT) {
                    out.add(new Entry(folders.id(index, dir), k, dir));
                }
                return out.size() < LIMIT ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.SKIP_SUBTREE; // an unreadable folder is left out, not fatal
            }
        });
    }

    /** What {@code dir} holds, or null for none of Prism's outputs. */
    static Kind kind(Path dir) {
        if (Files.isRegularFile(dir.resolve("study.json"))) {
            return Kind.STUDY;
        }
        if (Files.isRegularFile(dir.resolve("map.json")) || Files.isRegularFile(dir.resolve("map-plan.json"))) {
            return Kind.MAP;
        }
        if (Files.isRegularFile(dir.resolve("folds.txt")) && Files.isRegularFile(dir.resolve("config.json"))) {
            return Kind.CV;
        }
        boolean config = Files.isRegularFile(dir.resolve("config.json"));
        if (config && (Files.isRegularFile(dir.resolve("results.json")) || Files.isRegularFile(dir.resolve("metrics.jsonl"))
                || Files.isRegularFile(dir.resolve("FAILED")))) {
            return Kind.RUN;
        }
        return null;
    }

    /** {@code finished}, {@code failed}, {@code running} (a writer holds the folder) or {@code stopped}. */
    static String state(Path dir, Kind kind) {
        if (Files.isRegularFile(dir.resolve("FAILED"))) {
            return "failed";
        }
        boolean done = switch (kind) {
            case MAP -> Files.isRegularFile(dir.resolve("map.json"));
            case STUDY -> true;
            default -> Files.isRegularFile(dir.resolve("results.json"));
        };
        if (done) {
            return "finished";
        }
        return lockHeld(dir) ? "running" : "stopped";
    }

    /** Whether a Prism process holds {@code dir}'s lock: a shared lock is refused while a writer holds it. */
    static boolean lockHeld(Path dir) {
        Path lock = dir.resolve(".lock");
        if (!Files.isRegularFile(lock)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.READ)) {
            FileLock l = ch.tryLock(0, Long.MAX_VALUE, true);
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by this very process (a run started from the same JVM)
        } catch (IOException e) {
            return false;
        }
    }

    /** The row of the runs table: what each kind says of itself, read from its files. */
    public static JsonObject summary(Entry e) {
        JsonObject s = new JsonObject();
        s.addProperty("id", e.id());
        s.addProperty("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT));
        s.addProperty("state", state(e.dir(), e.kind()));
        s.addProperty("name", e.dir().getFileName() == null ? e.id() : e.dir().getFileName().toString());
        JsonObject prov = object(e.dir().resolve("provenance.json"));
        JsonObject config = prov.has("config") && prov.get("config").isJsonObject() ? prov.getAsJsonObject("config")
                : object(e.dir().resolve("config.json"));
        copy(prov, "gitCommit", s, "commit");
        copy(prov, "started", s, "date");
        if (prov.has("engine") && prov.get("engine").isJsonObject()) {
            copy(prov.getAsJsonObject("engine"), "cpu", s, "cpu");
        }
        switch (e.kind()) {
            case STUDY -> s.addProperty("arms", array(e.dir().resolve("study.json")).size());
            case MAP -> {
                JsonObject map = object(e.dir().resolve("map.json"));
                copy(config, "scene", s, "scene");
                copy(map, "rows", s, "rows");
                copy(map, "cols", s, "cols");
                copy(map, "seconds", s, "seconds");
                copy(map, "engine", s, "engine");
            }
            default -> runSummary(e.dir(), config, s);
        }
        return s;
    }

    private static void runSummary(Path dir, JsonObject config, JsonObject s) {
        JsonObject r = object(dir.resolve("results.json"));
        for (String k : List.of("model", "scene", "split", "seed", "epochs")) {
            copy(r.has(k) ? r : config, k, s, k);
        }
        if (!s.has("epochs") && config.has("train") && config.get("train").isJsonObject()) {
            copy(config.getAsJsonObject("train"), "epochs", s, "epochs");
        }
        if (!s.has("seed") && config.has("train") && config.get("train").isJsonObject()) {
            copy(config.getAsJsonObject("train"), "seed", s, "seed");
        }
        if (r.has("test") && r.get("test").isJsonObject()) {
            JsonObject t = r.getAsJsonObject("test");
            copy(t, "oa", s, "oa");
            copy(t, "aa", s, "aa");
            copy(t, "kappa", s, "kappa");
            copy(t, "accuracy", s, "oa");
        }
        copy(r, "totalSeconds", s, "seconds");
        s.addProperty("epochsDone", lines(dir.resolve("metrics.jsonl")).size());
    }

    /** The JSON object in {@code file}, empty when it is missing or unreadable (a run being written). */
    static JsonObject object(Path file) {
        JsonElement e = parse(file);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
    }

    /** The JSON array in {@code file}, empty when it is missing or unreadable. */
    static JsonArray array(Path file) {
        JsonElement e = parse(file);
        return e != null && e.isJsonArray() ? e.getAsJsonArray() : new JsonArray();
    }

    private static JsonElement parse(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The complete lines of a JSON-lines file, each parsed (a line being written is left out). */
    static JsonArray lines(Path file) {
        JsonArray out = new JsonArray();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    JsonElement e = JsonParser.parseString(line);
                    if (e.isJsonObject()) {
                        out.add(e);
                    }
                } catch (RuntimeException partial) {
                    break;
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private static void copy(JsonObject from, String key, JsonObject to, String as) {
        if (from.has(key) && !from.get(key).isJsonNull() && !to.has(as)) {
            to.add(as, from.get(key));
        }
    }
}
