package dev.prism.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Saves a {@link Checkpoint} after every epoch: {@link TrainingLoop#LAST} always (weights,
 * optimizer state and the loop's state, so that a killed run resumes exactly), and
 * {@link TrainingLoop#BEST} when the run is validated and the epoch is the best so far. Both are
 * replaced atomically. A run without validation is evaluated with its last epoch, so a copy of it as
 * "best" (chosen by training accuracy) would only cost a second file of the state's size.
 */
public final class CheckpointWriter implements FitListener {

    private final Path runDir;

    /** Writes under {@code runDir}/checkpoints. */
    public CheckpointWriter(Path runDir) {
        this.runDir = runDir;
    }

    @Override
    public void onEpoch(TrainingContext context, EpochRecord record, boolean improved) {
        try {
            Path last = runDir.resolve(TrainingLoop.LAST);
            Files.createDirectories(last.getParent());
            Checkpoint.save(last, context.block(), context.optimizer(), TrainingLoop.state(context));
            if (improved && context.hasValidation()) {
                Path tmp = runDir.resolve("checkpoints/.best.tmp");
                Files.copy(last, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, runDir.resolve(TrainingLoop.BEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
