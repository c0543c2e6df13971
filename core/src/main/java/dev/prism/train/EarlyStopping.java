package dev.prism.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Stops training when validation accuracy has not improved for {@code patience} epochs (only when
 * there is validation: without it, every epoch is trained). The run's best epoch is the one its
 * evaluation uses.
 */
public final class EarlyStopping implements FitListener {

    private final int patience;
    private final PrintStream log;

    /**
     * @param patience epochs without improvement before stopping, at least 1
     * @param log where to say so; null: silent
     */
    public EarlyStopping(int patience, PrintStream log) {
        if (patience < 1) {
            throw new dev.prism.SettingException("patience", " must be >= 1, got " + patience);
        }
        this.patience = patience;
        this.log = log;
    }

    @Override
    public void onEpoch(TrainingContext context, EpochRecord record, boolean improved) {
        if (context.hasValidation() && context.epochsSinceBest() >= patience) {
            String reason = String.format(Locale.ROOT, "no validation improvement for %d epochs (best %.2f%% at epoch %d)",
                    context.epochsSinceBest(), context.bestScore(), context.bestEpoch());
            if (log != null) {
                log.println("early stop: " + reason);
            }
            context.requestStop(reason);
        }
    }
}
