package dev.prism.jobs;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.prism.io.AtomicFiles;
import dev.prism.io.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The JSON files of a run folder: pretty, strict (an undefined metric is {@code null}, see
 * {@link StrictJson}), written atomically, and read with a message naming the file when it is
 * missing or corrupt.
 */
public final class Json {

    public static final Gson GSON = StrictJson.PRETTY;

    private Json() {}

    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.writeString(file, GSON.toJson(value) + "\n");
    }

    /** Reads {@code file} as {@code type}; a missing, empty or corrupt file is an IOException naming it. */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + " is missing", e);
        }
        T value;
        try {
            value = GSON.fromJson(text, type);
        } catch (JsonParseException e) {
            throw new IOException(file + " is not valid JSON (" + firstLine(e.getMessage())
                    + "): it was edited or damaged; restore it or start a new run", e);
        }
        if (value == null) {
            throw new IOException(file + " is empty: it was edited or damaged; restore it or start a new run");
        }
        return value;
    }

    private static String firstLine(String s) {
        return s == null ? "unreadable" : s.lines().findFirst().orElse(s).replaceFirst("^([a-z]+\\.)+[A-Za-z]+(Exception|Error): ", "");
    }
}
