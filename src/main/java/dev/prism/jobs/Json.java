package dev.prism.jobs;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.prism.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/** Pretty JSON for run files; NaN allowed (a metric can be undefined). Written atomically. */
public final class Json {

    public static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    private Json() {}

    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.writeString(file, GSON.toJson(value) + "\n");
    }
}
