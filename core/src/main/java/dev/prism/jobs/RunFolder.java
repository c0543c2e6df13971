package dev.prism.jobs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A run folder's life: what it holds ({@link #state}), one writer at a time (a lock held while a
 * run or evaluation writes into it), a fresh run starting clean, and a {@code FAILED} marker with
 * the reason when a run stopped on an error that would repeat (a refused input, diverged
 * training), so that resuming or evaluating it explains instead of failing the same way again.
 */
public final class RunFolder implements AutoCloseable {

    public static final String CONFIG = "config.json";
    public static final String RESULTS = "results.json";
    public static final String FAILED = "FAILED";
    static final String LOCK = ".lock";

    /** What a folder holds. */
    public enum State {
        /** Missing or empty: a new run may start there. */
        EMPTY,
        /** A run that has not finished (killed, or still running elsewhere): it can be resumed. */
        UNFINISHED,
        /** A run with its results. */
        FINISHED,
        /** A run that stopped on an error, with the reason in {@code FAILED}. */
        FAILED,
        /** Files that are not a Prism run. */
        FOREIGN,
        /** A file, not a folder. */
        FILE
    }

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private RunFolder(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    public static State state(Path dir) throws IOException {
        if (Files.isRegularFile(dir)) {
            return State.FILE;
        }
        if (!Files.isDirectory(dir) || entries(dir).isEmpty()) {
            return State.EMPTY;
        }
        if (Files.isRegularFile(dir.resolve(FAILED))) {
            return State.FAILED;
        }
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            return State.FOREIGN;
        }
        return Files.isRegularFile(dir.resolve(RESULTS)) ? State.FINISHED : State.UNFINISHED;
    }

    /** The reason a failed run stopped, or null. */
    public static String failure(Path dir) throws IOException {
        Path f = dir.resolve(FAILED);
        return Files.isRegularFile(f) ? Files.readString(f).strip() : null;
    }

    /**
     * Takes the folder for writing (creating it): fails at once, naming the holder, when another
     * process (or another run in this one) writes there. Release with {@link #close}.
     */
    public static RunFolder lock(Path dir) throws IOException {
        if (Files.isRegularFile(dir)) {
            throw new IOException(dir + " is a file, not a folder: give a folder for the run");
        }
        Files.createDirectories(dir);
        Path file = dir.resolve(LOCK);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
            channel.close();
            throw new IllegalStateException(dir + " is in use by another Prism run" + (holder.isEmpty() ? "" : " (" + holder + ")")
                    + ": wait for it to finish, or choose another folder");
        }
        channel.truncate(0);
        channel.write(java.nio.ByteBuffer.wrap(("process " + ProcessHandle.current().pid() + " since "
                + java.time.Instant.now()).getBytes(StandardCharsets.UTF_8)));
        return new RunFolder(dir, channel, lock);
    }

    /**
     * Who holds {@code dir} for writing right now ("process PID since TIME"), or null when nobody
     * does: for refusals that must name the holder before anything else is checked.
     */
    public static String holder(Path dir) throws IOException {
        Path file = dir.resolve(LOCK);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock != null) {
                lock.release();
                return null;
            }
        }
        String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
        return holder.isEmpty() ? "another process" : holder;
    }

    /**
     * Empties the folder for a fresh run (keeping the lock). Only a Prism run (a folder with a
     * {@code config.json} or a {@code FAILED} marker) is cleared: anything else is refused, so that a
     * mistyped path never deletes a user's files.
     */
    public void clearForNewRun() throws IOException {
        State s = state(dir);
        List<Path> old = entries(dir);
        if (old.isEmpty()) {
            return;
        }
        if (s == State.FOREIGN) {
            throw new IllegalArgumentException(dir + " holds files that are not a Prism run (" + old.get(0).getFileName()
                    + (old.size() > 1 ? " and " + (old.size() - 1) + " more" : "") + "): choose an empty or new folder");
        }
        for (Path p : old) {
            dev.prism.io.FileTrees.delete(p);
        }
    }

    /** Records that the run stopped on an error that would repeat. */
    public void fail(Throwable cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        try {
            dev.prism.io.AtomicFiles.writeString(dir.resolve(FAILED), reason.strip() + "\n");
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** Removes a {@code FAILED} marker (a resume with changed settings is a new attempt). */
    public static void clearFailure(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(FAILED));
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** A one-line description of the folder's state, for messages. */
    public static String describe(Path dir) throws IOException {
        return switch (state(dir)) {
            case EMPTY -> "empty";
            case FILE -> "a file";
            case FOREIGN -> "a folder of other files";
            case FAILED -> "a run that failed: " + failure(dir);
            case FINISHED -> "a finished run";
            case UNFINISHED -> String.format(Locale.ROOT, "an unfinished run (%d epochs done)", epochsDone(dir));
        };
    }

    /** Epochs recorded in the run's {@code metrics.csv} (0 when none). */
    public static int epochsDone(Path dir) throws IOException {
        Path m = dir.resolve("metrics.csv");
        return Files.isRegularFile(m) ? Math.max(0, Files.readAllLines(m).size() - 1) : 0;
    }

    /** True when the run's {@code config.json} is an image run's. */
    public static boolean isImageRun(Path runDir) throws IOException {
        return isImage(Json.read(configFile(runDir), com.google.gson.JsonObject.class));
    }

    private static boolean isImage(com.google.gson.JsonObject config) {
        return config.has("task") && config.get("task").isJsonPrimitive() && "image".equals(config.get("task").getAsString());
    }

    /**
     * The run's {@code config.json} as {@code type} ({@link HsiConfig} or {@link ImageConfig}); a
     * folder that is not a run, a corrupt file or a run of the other task is refused, naming the file.
     */
    public static <T> T config(Path runDir, Class<T> type) throws IOException {
        Path file = configFile(runDir);
        com.google.gson.JsonObject raw = Json.read(file, com.google.gson.JsonObject.class);
        boolean image = isImage(raw);
        if (image != (type == ImageConfig.class)) {
            throw new IllegalArgumentException(runDir + " is " + (image ? "an image" : "a hyperspectral") + " run, not "
                    + (image ? "a hyperspectral" : "an image") + " one");
        }
        T c;
        try {
            c = Json.GSON.fromJson(raw, type);
        } catch (RuntimeException e) {
            throw new IOException(file + " does not describe a run (" + e.getMessage() + "): it was edited or damaged", e);
        }
        if (c instanceof HsiConfig h && (h.model() == null || h.split() == null || h.train() == null)
                || c instanceof ImageConfig i && (i.model() == null || i.data() == null || i.train() == null)) {
            throw new IOException(file + " lacks the model, data or training settings: it was edited or damaged");
        }
        return c;
    }

    private static Path configFile(Path runDir) throws IOException {
        Path file = runDir.resolve(CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new IOException(runDir + " is not a Prism run folder: config.json is missing");
        }
        return file;
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().equals(LOCK)).sorted().toList();
        }
    }
}
