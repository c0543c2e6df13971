package dev.prism.train;

/**
 * One epoch's figures, as written to {@code metrics.csv} and {@code metrics.jsonl}.
 * Validation fields are NaN when there is no validation split.
 */
public record EpochRecord(
        int epoch,
        double trainLoss,
        double trainAccuracy,
        double valLoss,
        double valAccuracy,
        double lr,
        double seconds,
        double samplesPerSecond) {

    public static final String CSV_HEADER = "epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds,samples_per_s";

    public String csv() {
        return String.format(java.util.Locale.ROOT, "%d,%.6f,%.4f,%.6f,%.4f,%.6g,%.2f,%.1f",
                epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, lr, seconds, samplesPerSecond);
    }
}
