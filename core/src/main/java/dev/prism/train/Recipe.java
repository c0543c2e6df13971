package dev.prism.train;

import dev.prism.train.TrainConfig.OptimizerKind;
import java.util.Locale;

/**
 * Named training recipes; every option of a recipe can be overridden on the command line.
 *
 * <ul>
 *   <li>{@code seed}: the study's settings exactly: Adam, lr 0.001, 10 epochs, batch 128, no
 *       augmentation, constant rate.
 *   <li>{@code strong}: CPU-friendly image recipe: SGD with Nesterov momentum 0.9, weight decay
 *       5e-4 on convolution and linear weights only (not biases or BatchNorm), one-cycle to lr 0.1,
 *       batch 128 (He et al.'s rate per sample; at batch 256 and lr 0.2 SE-ResNet-20 reached
 *       84.89% in 15 epochs, see docs/results.md), crop and flip, label smoothing 0.1, 15 epochs.
 *   <li>{@code hsi}: HybridSN's protocol (Adam 0.001, batch 256) with a one-epoch warm-up and
 *       gradient-norm clipping at 5, so that HybridSN (no normalisation layers) converges on every
 *       seed; 30 epochs; batches of 256 computed as 4 accumulated micro-batches of 64 (the same
 *       update, since HybridSN has no BatchNorm, at a quarter of the activation memory).
 * </ul>
 */
public enum Recipe {
    SEED(TrainConfig.builder().build()),
    STRONG(TrainConfig.builder().optEpochs(15).optOptimizer(OptimizerKind.SGD).optLearningRate(0.1).optNesterov(true)
            .optWeightDecay(5e-4).optSchedule(Schedule.ONECYCLE).optLabelSmoothing(0.1).optAugment(true).build()),
    HSI(TrainConfig.builder().optEpochs(30).optBatchSize(256).optMicroBatch(64).optWarmupEpochs(1).optClipNorm(5).build());

    private final TrainConfig config;

    Recipe(TrainConfig config) {
        this.config = config;
    }

    /** The recipe's settings (seed 42), to adjust with {@link TrainConfig#builder(TrainConfig)}. */
    public TrainConfig config() {
        return config;
    }

    /** The recipe named {@code name} (any case); a {@link dev.prism.SettingException} listing the recipes otherwise. */
    public static Recipe parse(String name) {
        for (Recipe r : values()) {
            if (r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        throw new dev.prism.SettingException("recipe", " must be seed, strong or hsi, got '" + name + "'");
    }

    /** The recipe's name as the command line spells it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
