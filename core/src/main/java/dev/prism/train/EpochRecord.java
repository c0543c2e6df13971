package dev.prism.train;

/**
 * One epoch's figures, as written to {@code metrics.csv} and {@code metrics.jsonl}.
 * Validation fields are NaN when there is no validation split. Where the training time went
 * (seconds of the epoch): {@code dataSeconds} waiting for a batch and handing it to the engine,
 * {@code forwardSeconds} the forward pass with the loss, {@code backwardSeconds} autograd's
 * backward pass, {@code optimizerSeconds} the parameter update; the rest of {@code seconds} is
 * bookkeeping (accuracy, progress). The engine computes synchronously on the CPU, so each phase
 * is timed exactly there; on a GPU the times shift to whichever phase first waits for a result.
 * {@code rssMiB} is the process's resident memory at the end of the epoch and {@code peakRssMiB}
 * its high-water mark so far, so that a slow native leak over a long run shows in the file.
 */
public record EpochRecord(
        int epoch,
        double trainLoss,
        double trainAccuracy,
        double valLoss,
        double valAccuracy,
        double lr,
        double seconds,
        double samplesPerSecond,
        double dataSeconds,
        double forwardSeconds,
        double backwardSeconds,
        double optimizerSeconds,
        long rssMiB,
        long peakRssMiB) {

    /** Every column from {@code seconds} on is a timing or a memory figure (runs differ there, never before). */
    public static final String CSV_HEADER =
            "epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds,samples_per_s,data_s,forward_s,backward_s,optimizer_s,rss_mib,peak_rss_mib";

    /** This record as one line of {@code metrics.csv} (columns as {@link #CSV_HEADER}). */
    public String csv() {
        return String.format(java.util.Locale.ROOT, "%d,%.6f,%.4f,%.6f,%.4f,%.6g,%.2f,%.1f,%.2f,%.2f,%.2f,%.2f,%d,%d",
                epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, lr, seconds, samplesPerSecond,
                dataSeconds, forwardSeconds, backwardSeconds, optimizerSeconds, rssMiB, peakRssMiB);
    }

    /** Seconds of training over {@code history} (every process that worked on the run, start-up excluded). */
    public static double totalSeconds(java.util.List<EpochRecord> history) {
        return history.stream().mapToDouble(EpochRecord::seconds).sum();
    }
}
