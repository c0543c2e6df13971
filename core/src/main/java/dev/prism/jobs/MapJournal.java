package dev.prism.jobs;

import com.google.gson.JsonElement;
import dev.prism.io.StrictJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What makes a map resumable: {@code map-plan.json} (what the map is of: run, cube checksum, scene,
 * engine, tile size, scene size) written when it starts, and {@code tiles.jsonl}, one line per finished
 * tile with its counts, appended and forced to disk after the tile's rows are. The same command on
 * the same folder continues an interrupted map: finished tiles are skipped, their counts read back,
 * and since a tile always writes the same bytes the finished map equals an uninterrupted one.
 * Both files are removed when the map is complete.
 */
final class MapJournal {

    static final String PLAN = "map-plan.json";
    static final String TILES = "tiles.jsonl";

    /** What identifies a map: the same values continue it, any other is another map. */
    record Key(String run, String cubeChecksum, String scene, String engine, int tileRows, int tileCols, int rows, int cols, int classes) {}

    private final Path dir;
    private final Map<Long, MapJob.Counts> done;

    private MapJournal(Path dir, Map<Long, MapJob.Counts> done) {
        this.dir = dir;
        this.done = done;
    }

    /**
     * Starts a map of {@code key} in {@code dir} (locked by the caller): a new one in an empty folder,
     * or the continuation of the interrupted map of the same key there; any other content is refused.
     */
    static MapJournal open(Path dir, Key key, java.io.PrintStream log) throws IOException {
        Path plan = dir.resolve(PLAN);
        if (!Files.isRegularFile(plan)) {
            if (RunFolder.state(dir) != RunFolder.State.EMPTY) {
                throw new IOException(dir + " is not empty and holds no interrupted map: give a new folder for the map");
            }
            Json.write(plan, key);
            return new MapJournal(dir, new LinkedHashMap<>());
        }
        JsonElement before = Json.read(plan, JsonElement.class);
        String diff = RunReuse.firstDifference("", before, Json.GSON.toJsonTree(key));
        if (diff != null) {
            throw new IOException(dir + " holds an interrupted map of other settings (" + diff + "): continue it with its own"
                    + " settings, or give a new folder");
        }
        Map<Long, MapJob.Counts> done = read(dir.resolve(TILES));
        RunFolder.clearFailure(dir);
        log.printf(java.util.Locale.ROOT, "continuing the interrupted map in %s: %d tiles already done%n", dir, done.size());
        return new MapJournal(dir, done);
    }

    /** The counts of finished tiles by their first pixel; a last line cut short by a crash is ignored (its tile is done again). */
    private static Map<Long, MapJob.Counts> read(Path file) throws IOException {
        Map<Long, MapJob.Counts> done = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return done;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            try {
                Entry e = StrictJson.COMPACT.fromJson(line, Entry.class);
                if (e != null && e.counts() != null) {
                    done.put(place(e.first(), e.firstCol()), e.counts());
                }
            } catch (RuntimeException cut) {
                break;
            }
        }
        return done;
    }

    private record Entry(int first, int firstCol, MapJob.Counts counts) {}

    private static long place(int first, int firstCol) {
        return ((long) first << 32) | firstCol;
    }

    /** The counts of tile {@code t} if it is already done, else null. */
    MapJob.Counts done(MapJob.Tile t) {
        return done.get(place(t.first(), t.firstCol()));
    }

    /** Records {@code t} as done (after its rows are on disk). */
    void record(MapJob.Tile t, MapJob.Counts c) throws IOException {
        byte[] line = (StrictJson.COMPACT.toJson(new Entry(t.first(), t.firstCol(), c)) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(dir.resolve(TILES), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(line));
            ch.force(false);
        }
        done.put(place(t.first(), t.firstCol()), c);
    }

    /** Whether this continues an interrupted map. */
    boolean resumed() {
        return !done.isEmpty() || Files.isRegularFile(dir.resolve(TILES));
    }

    /** Removes the journal once the map is complete. */
    void finish() throws IOException {
        Files.deleteIfExists(dir.resolve(TILES));
        Files.deleteIfExists(dir.resolve(PLAN));
    }
}
