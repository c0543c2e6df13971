package dev.prism;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared} (the read-only data and fixtures beside the project). */
public final class SharedData {

    private SharedData() {}

    public static Path root() {
        String env = System.getenv("PRISM_SHARED");
        Path p = env != null ? Path.of(env) : Path.of("..", "shared");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("shared folder not found at " + p.toAbsolutePath() + " (set PRISM_SHARED)");
        }
        return p;
    }

    public static Path golden(String name) {
        return root().resolve("fixtures/golden").resolve(name);
    }
}
