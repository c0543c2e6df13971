package dev.prism.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress on a stream: a bar with loss, accuracy, samples/s and ETA during each epoch
 * ({@link Progress}), one line per finished epoch, and a line when a run resumes.
 */
public final class ProgressLogger implements FitListener {

    private final PrintStream log;
    private Progress bar;

    /** Reports on {@code log}. */
    public ProgressLogger(PrintStream log) {
        this.log = log;
    }

    @Override
    public void onTrainingBegin(TrainingContext context) {
        if (!context.history().isEmpty()) {
            log.printf(Locale.ROOT, "resuming %s after epoch %d of %d%n", context.runDir().map(Object::toString).orElse("the run"),
                    context.history().size(), context.config().epochs());
        }
    }

    @Override
    public void onEpochStart(TrainingContext context, int epoch) {
        // made before the first batch: its rate and ETA count the time the batches take
        bar = new Progress(log, String.format(Locale.ROOT, "epoch %d/%d", epoch, context.config().epochs()),
                context.trainIndices().length);
    }

    @Override
    public void onTrainingBatch(TrainingContext context, BatchResult batch) {
        bar.update(batch.epochSeen(), String.format(Locale.ROOT, "loss %.4f acc %.2f%%", batch.epochLoss(), batch.epochAccuracy()));
    }

    @Override
    public void onEpoch(TrainingContext context, EpochRecord r, boolean improved) {
        log.printf(Locale.ROOT, "epoch %d/%d: loss %.4f train acc %.2f%%%s, %.1f s (%.0f samples/s)%n", r.epoch(),
                context.config().epochs(), r.trainLoss(), r.trainAccuracy(),
                Double.isNaN(r.valAccuracy()) ? ""
                        : String.format(Locale.ROOT, ", val loss %.4f val acc %.2f%%", r.valLoss(), r.valAccuracy()),
                r.seconds(), r.samplesPerSecond());
    }
}
