package dev.prism.train;

import dev.prism.io.AtomicFiles;
import dev.prism.io.StrictJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Writes {@code metrics.csv} and {@code metrics.jsonl} (one record per epoch, {@link EpochRecord})
 * into a folder after every epoch, each file atomically: a reader never sees half a file.
 */
public final class MetricFiles implements FitListener {

    private final Path dir;

    /** Writes into {@code dir} (which must exist). */
    public MetricFiles(Path dir) {
        this.dir = dir;
    }

    @Override
    public void onEpoch(TrainingContext context, EpochRecord record, boolean improved) {
        StringBuilder csv = new StringBuilder(EpochRecord.CSV_HEADER).append('\n');
        StringBuilder jsonl = new StringBuilder();
        for (EpochRecord r : context.history()) {
            csv.append(r.csv()).append('\n');
            jsonl.append(StrictJson.COMPACT.toJson(r)).append('\n');
        }
        try {
            AtomicFiles.writeString(dir.resolve("metrics.csv"), csv.toString());
            AtomicFiles.writeString(dir.resolve("metrics.jsonl"), jsonl.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
