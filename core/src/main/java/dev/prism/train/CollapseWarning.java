package dev.prism.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Warns when, from the third epoch on, training accuracy is no better than always answering the
 * most frequent class (within one point): the network has collapsed to one class, a failure
 * HybridSN shows on some seeds. A run that later leaves that share (a slow start, as PyTorch's
 * reference recipe often has) has its warning replaced by one that says so, with the epochs, so
 * that results.json does not call a recovered run collapsed. The warning goes to
 * {@link TrainingLoop.Result#warning()} and, with a stream, to it. Works from the context's history,
 * so a resumed run keeps what its earlier epochs showed.
 */
public final class CollapseWarning implements FitListener {

    private static final int FIRST_EPOCH = 3;

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
        if (stuck(r)) {
            report(context, String.format(Locale.ROOT,
                    "training accuracy %.2f%% is stuck at the majority-class share (%.2f%%) after %d epochs: the network has collapsed to one class",
                    r.trainAccuracy(), 100 * majority, r.epoch()), true);
            return;
        }
        int lastStuck = context.history().stream().filter(this::stuck).mapToInt(EpochRecord::epoch).max().orElse(0);
        if (lastStuck > 0) {
            report(context, String.format(Locale.ROOT,
                    "training accuracy stayed at the majority-class share (%.2f%%) until epoch %d, then rose to %.2f%% by epoch %d: a slow start, not a collapse",
                    100 * majority, lastStuck, r.trainAccuracy(), r.epoch()), lastStuck == r.epoch() - 1);
        }
    }

    private boolean stuck(EpochRecord r) {
        return r.epoch() >= FIRST_EPOCH && r.trainAccuracy() <= 100 * majority + 1.0;
    }

    private void report(TrainingContext context, String warning, boolean print) {
        context.warn(warning);
        if (print && log != null) {
            log.println("WARNING: " + warning);
        }
    }
}
