package dev.prism.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Warns when, from the third epoch on, training accuracy is no better than always answering the
 * most frequent class (within one point): the network has collapsed to one class, a failure
 * HybridSN shows on some seeds. The warning goes to {@link TrainingLoop.Result#warning()} and, with
 * a stream, to it.
 */
public final class CollapseWarning implements TrainingListener {

    private final PrintStream log;
    private double majority;

    /** @param log where to print the warning too; null: only into the result */
    public CollapseWarning(PrintStream log) {
        this.log = log;
    }

    @Override
    public void onTrainingBegin(TrainingContext context) {
        Samples s = context.trainSamples();
        int[] idx = context.trainIndices();
        int[] counts = new int[s.classes()];
        int max = 0;
        for (int i : idx) {
            max = Math.max(max, ++counts[s.label(i)]);
        }
        majority = idx.length == 0 ? 0 : (double) max / idx.length;
    }

    @Override
    public void onEpoch(TrainingContext context, EpochRecord r, boolean improved) {
        if (r.epoch() >= 3 && r.trainAccuracy() <= 100 * majority + 1.0) {
            String warning = String.format(Locale.ROOT,
                    "training accuracy %.2f%% is stuck at the majority-class share (%.2f%%) after %d epochs: the network has collapsed to one class",
                    r.trainAccuracy(), 100 * majority, r.epoch());
            context.warn(warning);
            if (log != null) {
                log.println("WARNING: " + warning);
            }
        }
    }
}
