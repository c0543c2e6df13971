package dev.prism.cli;

import dev.prism.engine.EngineCheck;
import dev.prism.nn.Autocast;
import dev.prism.train.Recipe;
import dev.prism.train.Schedule;
import dev.prism.train.TrainConfig;
import dev.prism.models.Initialization;
import picocli.CommandLine.Option;

/** A recipe and option-by-option overrides of it. */
public final class TrainOptions {

    @Option(names = "--recipe", description = "seed (the study: Adam 0.001, 10 epochs, batch 128), strong (SGD Nesterov, one-cycle to lr 0.1, batch 128, crop/flip, label smoothing 0.1, 15 epochs), hsi (HybridSN protocol: Adam 0.001, batch 256, warm-up, clipping, 30 epochs). Default: hsi for --task hsi, strong for images.")
    Recipe recipe;

    @Option(names = "--epochs", description = "Overrides the recipe.")
    Integer epochs;

    @Option(names = "--batch-size", description = "Overrides the recipe.")
    Integer batchSize;

    @Option(names = "--micro-batch", description = "Accumulate gradients over chunks of N samples per batch (0 = whole batch): less memory, same update for networks without BatchNorm.")
    Integer microBatch;

    @Option(names = "--optimizer", description = "adam, adamw or sgd.")
    TrainConfig.OptimizerKind optimizer;

    @Option(names = "--lr", description = "Peak learning rate.")
    Double lr;

    @Option(names = "--weight-decay", description = "L2 (adam, sgd) or decoupled (adamw) decay of convolution and linear weights; biases and BatchNorm are never decayed.")
    Double weightDecay;

    @Option(names = "--momentum", description = "SGD momentum.")
    Double momentum;

    @Option(names = "--nesterov", negatable = true, description = "SGD Nesterov momentum.")
    Boolean nesterov;

    @Option(names = "--schedule", description = "constant, step, cosine or onecycle.")
    Schedule schedule;

    @Option(names = "--warmup", description = "Warm-up epochs (linear, from lr/10).")
    Double warmup;

    @Option(names = "--step-every", description = "Epochs between decays (step schedule).")
    Integer stepEvery;

    @Option(names = "--step-gamma", description = "Decay factor (step schedule).")
    Double stepGamma;

    @Option(names = "--label-smoothing")
    Double labelSmoothing;

    @Option(names = "--clip-norm", description = "Global gradient-norm clip; 0 = off.")
    Double clipNorm;

    @Option(names = "--patience", description = "Early stopping after N epochs without validation improvement; 0 = off.")
    Integer patience;

    @Option(names = "--augment", negatable = true, description = "Random crop (4-pixel padding) and horizontal flip (images).")
    Boolean augment;

    @Option(names = "--seed", description = "Fixes initialisation, shuffling, augmentation, dropout and splits.")
    Long seed;

    @Option(names = "--precision", paramLabel = "fp32|bf16",
            description = "Training arithmetic: fp32 (default), or bf16 mixed precision (convolutions and linear layers in bfloat16,"
                    + " float32 weights, normalisation and loss, as PyTorch's CPU autocast; evaluation stays float32)."
                    + " bf16 pays only on CPUs with AMX or AVX512-BF16: elsewhere it is several times slower.")
    TrainConfig.Precision precision;

    @Option(names = "--init", paramLabel = "family|pytorch",
            description = "Initialisation: family (default: Glorot uniform for hyperspectral networks, as the HybridSN authors' Keras"
                    + " code; He normal for image networks, as torchvision) or pytorch (PyTorch's layer defaults, what a PyTorch"
                    + " reference that sets none gets: to reproduce it, with --warmup 0 --clip-norm 0).")
    Initialization.Scheme init;

    @Option(names = "--workers", paramLabel = "N",
            description = "Data-parallel training by local SGD: the training set dealt into N shards (fixed by the seed), each trained"
                    + " by a worker from the same weights, whose weights and optimizer state are averaged every --local-steps batches."
                    + " With --master the workers are the cluster's executors; without, they take turns in this process. Default: 1.")
    Integer workers;

    @Option(names = "--local-steps", paramLabel = "K",
            description = "Batches each worker trains between two averagings (local SGD; default: 1). One worker with one local step"
                    + " is ordinary training, step for step.")
    Integer localSteps;

    TrainConfig toConfig(Recipe defaultRecipe) {
        return applyTo((recipe == null ? defaultRecipe : recipe).config());
    }

    /** {@code b} with every option given on the command line in place of its value. */
    TrainConfig applyTo(TrainConfig preset) {
        TrainConfig.Builder b = TrainConfig.builder(preset);
        if (epochs != null) b.optEpochs(epochs);
        if (batchSize != null) b.optBatchSize(batchSize);
        if (microBatch != null) b.optMicroBatch(microBatch);
        if (optimizer != null) b.optOptimizer(optimizer);
        if (lr != null) b.optLearningRate(lr);
        if (weightDecay != null) b.optWeightDecay(weightDecay);
        if (momentum != null) b.optMomentum(momentum);
        if (nesterov != null) b.optNesterov(nesterov);
        if (schedule != null) b.optSchedule(schedule);
        if (warmup != null) b.optWarmupEpochs(warmup);
        if (stepEvery != null) b.optStepEvery(stepEvery);
        if (stepGamma != null) b.optStepGamma(stepGamma);
        if (labelSmoothing != null) b.optLabelSmoothing(labelSmoothing);
        if (clipNorm != null) b.optClipNorm(clipNorm);
        if (patience != null) b.optPatience(patience);
        if (augment != null) b.optAugment(augment);
        if (seed != null) b.optSeed(seed);
        if (precision != null) b.optPrecision(checkAvailable(precision));
        if (init != null) b.optInit(init);
        if (workers != null) b.optWorkers(workers);
        if (localSteps != null) b.optLocalSteps(localSteps);
        return b.build();
    }

    /** {@code p}, once bf16 is known to work here: it needs Prism's native operators and a CPU the self-check found right. */
    static TrainConfig.Precision checkAvailable(TrainConfig.Precision p) {
        if (p == TrainConfig.Precision.BF16) {
            // before any data is read
            EngineCheck.check();
            String why = Autocast.whyUnavailable();
            if (why != null) {
                throw new IllegalArgumentException("--precision bf16 is not available: " + why + "; use --precision fp32");
            }
        }
        return p;
    }
}
