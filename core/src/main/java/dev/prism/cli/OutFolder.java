package dev.prism.cli;

import dev.prism.jobs.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks a new run's {@code --out} before anything is read or written. */
final class OutFolder {

    private OutFolder() {}

    static void checkNew(Path dir, boolean overwrite) throws IOException {
        RunFolder.State state = RunFolder.state(dir);
        String holder = state == RunFolder.State.FILE ? null : RunFolder.holder(dir);
        if (holder != null) {
            throw new IllegalArgumentException("--out " + dir + " is in use by another Prism run (" + holder
                    + "): wait for it to finish, or choose another --out");
        }
        switch (state) {
            case FILE -> throw new IllegalArgumentException("--out " + dir + " is a file, not a folder: give a folder for the run");
            case FOREIGN -> throw new IllegalArgumentException("--out " + dir + " holds files that are not a Prism run:"
                    + " choose an empty or new folder (--overwrite replaces Prism runs only)");
            case FINISHED -> {
                if (!overwrite) {
                    throw new IllegalArgumentException("--out " + dir + " already holds a finished run: prism eval --run " + dir
                            + " re-evaluates it, --resume " + dir + " --epochs N extends it, --overwrite replaces it, or choose another --out");
                }
            }
            case UNFINISHED, FAILED -> {
                if (!overwrite) {
                    throw new IllegalArgumentException("--out " + dir + " already holds " + RunFolder.describe(dir) + ": --resume " + dir
                            + " continues it, --overwrite replaces it, or choose another --out");
                }
            }
            case EMPTY -> checkCreatable(dir);
            default -> throw new AssertionError(state);
        }
    }

    /**
     * The default run folder when no {@code --out} is given: {@code base}, or {@code base-2},
     * {@code base-3} ... when taken, so running the same command again starts a new run instead of
     * being refused (an explicit {@code --out} is never renamed).
     */
    static Path freeDefault(Path base) throws IOException {
        Path p = base;
        for (int k = 2; RunFolder.state(p) != RunFolder.State.EMPTY; k++) {
            p = base.resolveSibling(base.getFileName() + "-" + k);
        }
        return p;
    }

    /** The nearest existing ancestor must be a writable folder. */
    private static void checkCreatable(Path dir) {
        Path p = dir.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null || !Files.isDirectory(p)) {
            throw new IllegalArgumentException("--out " + dir + " cannot be created: " + p + " is a file, not a folder");
        }
        if (!Files.isWritable(p) || p.startsWith("/proc") || p.startsWith("/sys")) {
            throw new IllegalArgumentException("--out " + dir + " cannot be created: " + p + " is not writable; choose a folder you can write");
        }
    }
}
