package dev.prism.train;

/**
 * Learning-rate schedules, as a function of the step (0-based) and the total number of steps.
 *
 * <ul>
 *   <li>CONSTANT: the peak rate (after the optional warm-up);
 *   <li>STEP: multiplied by gamma every {@code stepEvery} epochs;
 *   <li>COSINE: half-cosine from the peak to 0 (after the warm-up);
 *   <li>ONECYCLE: Smith and Topin 2017 (https://arxiv.org/abs/1708.07120) as PyTorch's
 *       {@code OneCycleLR} with cosine annealing: from peak/25 up to the peak over the first 30% of
 *       steps, then down to peak/(25 * 1e4).
 * </ul>
 */
public enum Schedule {
    CONSTANT,
    STEP,
    COSINE,
    ONECYCLE;

    /** Learning rate for {@code step} of {@code total}, with {@code stepsPerEpoch} steps per epoch. */
    public double lr(TrainConfig c, long step, long total, long stepsPerEpoch) {
        double peak = c.optimization().lr();
        long warm = Math.round(c.schedule().warmupEpochs() * stepsPerEpoch);
        if (this != ONECYCLE && step < warm) {
            return peak * (0.1 + 0.9 * (step + 1) / (double) warm);
        }
        switch (this) {
            case CONSTANT:
                return peak;
            case STEP: {
                long epoch = step / Math.max(1, stepsPerEpoch);
                return peak * Math.pow(c.schedule().stepGamma(), epoch / Math.max(1, c.schedule().stepEvery()));
            }
            case COSINE: {
                double t = (step - warm) / (double) Math.max(1, total - warm);
                return peak * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, t)));
            }
            case ONECYCLE: {
                double initial = peak / 25;
                double last = initial / 1e4;
                long up = Math.max(1, Math.round(0.3 * total) - 1);
                if (step <= up) {
                    return anneal(initial, peak, step / (double) up);
                }
                return anneal(peak, last, Math.min(1, (step - up) / (double) Math.max(1, total - 1 - up)));
            }
            default:
                throw new AssertionError(this);
        }
    }

    private static double anneal(double start, double end, double pct) {
        return end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1);
    }
}
