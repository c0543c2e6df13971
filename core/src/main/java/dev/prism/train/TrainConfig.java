package dev.prism.train;

import dev.prism.SettingException;
import dev.prism.models.Initialization;

/**
 * Everything that decides how a network is trained. Produced by a {@link Recipe} and overridden
 * option by option from the command line; written to every run's {@code config.json}.
 *
 * @param epochs passes over the training set
 * @param batchSize samples per step
 * @param microBatch split each batch into chunks of this many samples whose gradients are
 *     accumulated before the step (0 = whole batch): the same update for networks without
 *     BatchNorm (HybridSN family) with a fraction of the activation memory; with BatchNorm the
 *     statistics become per chunk
 * @param optimizer ADAM, ADAMW or SGD
 * @param lr peak learning rate
 * @param weightDecay L2 (Adam, SGD) or decoupled (AdamW) weight decay, applied to convolution and
 *     fully-connected weights only (biases and BatchNorm scales and shifts are not decayed)
 * @param momentum SGD momentum
 * @param nesterov SGD Nesterov momentum
 * @param schedule learning-rate schedule
 * @param warmupEpochs linear warm-up from lr/10 (cosine, constant) before the schedule
 * @param stepEvery epochs between decays (step schedule)
 * @param stepGamma decay factor (step schedule)
 * @param labelSmoothing label smoothing epsilon in [0, 1)
 * @param clipNorm global gradient-norm clip, 0 = off
 * @param patience early stopping after this many epochs without validation improvement, 0 = off
 * @param augment random crop and flip (images)
 * @param seed fixes initialisation, shuffling, augmentation, dropout and splits
 * @param precision FP32, or BF16: convolutions and linear layers compute in bfloat16 during
 *     training, float32 master weights and loss ({@link dev.prism.nn.Autocast}); evaluation runs
 *     in float32
 * @param init the initialisation: the model family's (null in configs written before it existed),
 *     or PyTorch's layer defaults, to reproduce a PyTorch reference that sets none
 */
public record TrainConfig(
        int epochs,
        int batchSize,
        int microBatch,
        OptimizerKind optimizer,
        double lr,
        double weightDecay,
        double momentum,
        boolean nesterov,
        Schedule schedule,
        double warmupEpochs,
        int stepEvery,
        double stepGamma,
        double labelSmoothing,
        double clipNorm,
        int patience,
        boolean augment,
        long seed,
        Precision precision,
        Initialization.Scheme init) {

    /** Training in float32, or with bfloat16 convolutions and linear layers (mixed precision). */
    public enum Precision {
        FP32,
        BF16
    }

    /** A configuration with the model family's initialisation. */
    public TrainConfig(int epochs, int batchSize, int microBatch, OptimizerKind optimizer, double lr, double weightDecay,
            double momentum, boolean nesterov, Schedule schedule, double warmupEpochs, int stepEvery, double stepGamma,
            double labelSmoothing, double clipNorm, int patience, boolean augment, long seed, Precision precision) {
        this(epochs, batchSize, microBatch, optimizer, lr, weightDecay, momentum, nesterov, schedule, warmupEpochs, stepEvery,
                stepGamma, labelSmoothing, clipNorm, patience, augment, seed, precision, Initialization.Scheme.FAMILY);
    }

    /** A float32 configuration. */
    public TrainConfig(int epochs, int batchSize, int microBatch, OptimizerKind optimizer, double lr, double weightDecay,
            double momentum, boolean nesterov, Schedule schedule, double warmupEpochs, int stepEvery, double stepGamma,
            double labelSmoothing, double clipNorm, int patience, boolean augment, long seed) {
        this(epochs, batchSize, microBatch, optimizer, lr, weightDecay, momentum, nesterov, schedule, warmupEpochs, stepEvery,
                stepGamma, labelSmoothing, clipNorm, patience, augment, seed, Precision.FP32);
    }

    /** The optimizers {@link Optimizer#of(TrainConfig)} makes. */
    public enum OptimizerKind {
        ADAM,
        ADAMW,
        SGD
    }

    /** Checks every setting; a {@link dev.prism.SettingException} names the first bad one and its value. */
    public TrainConfig {
        if (epochs < 1) {
            throw new SettingException("epochs", " must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new SettingException("batch size", " must be >= 1, got " + batchSize);
        }
        if (microBatch < 0) {
            throw new SettingException("micro-batch", " must be >= 0 (0 = whole batch), got " + microBatch);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new SettingException("learning rate", " must be > 0, got " + lr);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new SettingException("label smoothing", " must be in [0, 1), got " + labelSmoothing);
        }
        nonNegative("weight decay", weightDecay);
        nonNegative("clip norm", clipNorm);
        nonNegative("patience", patience);
        nonNegative("warm-up epochs", warmupEpochs);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new SettingException("momentum", " must be in [0, 1), got " + momentum);
        }
        if (stepEvery < 0) {
            throw new SettingException("step every", " must be >= 1 epoch (0 = the recipe's), got " + stepEvery);
        }
        if (!(stepGamma > 0 && stepGamma <= 1)) {
            throw new SettingException("step gamma", " must be in (0, 1], got " + stepGamma);
        }
        if (precision == null) {
            precision = Precision.FP32; // configs written before precision existed
        }
        if (init == null) {
            init = Initialization.Scheme.FAMILY; // configs written before the choice existed
        }
    }

    private static void nonNegative(String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new SettingException(option, " must be >= 0, got " + (value == Math.rint(value) && !Double.isInfinite(value)
                    ? Long.toString((long) value) : Double.toString(value)));
        }
    }

    /** A copy with another number of epochs. */
    public TrainConfig withEpochs(int e) {
        return new TrainConfig(e, batchSize, microBatch, optimizer, lr, weightDecay, momentum, nesterov, schedule, warmupEpochs,
                stepEvery, stepGamma, labelSmoothing, clipNorm, patience, augment, seed, precision, init);
    }

    /** A copy with another seed. */
    public TrainConfig withSeed(long s) {
        return new TrainConfig(epochs, batchSize, microBatch, optimizer, lr, weightDecay, momentum, nesterov, schedule, warmupEpochs,
                stepEvery, stepGamma, labelSmoothing, clipNorm, patience, augment, s, precision, init);
    }

    /** A copy with another batch size. */
    public TrainConfig withBatchSize(int b) {
        return new TrainConfig(epochs, b, microBatch, optimizer, lr, weightDecay, momentum, nesterov, schedule, warmupEpochs,
                stepEvery, stepGamma, labelSmoothing, clipNorm, patience, augment, seed, precision, init);
    }

    /** A copy with another precision. */
    public TrainConfig withPrecision(Precision p) {
        return new TrainConfig(epochs, batchSize, microBatch, optimizer, lr, weightDecay, momentum, nesterov, schedule, warmupEpochs,
                stepEvery, stepGamma, labelSmoothing, clipNorm, patience, augment, seed, p, init);
    }

    /** A copy with another learning rate. */
    public TrainConfig withLr(double l) {
        return new TrainConfig(epochs, batchSize, microBatch, optimizer, l, weightDecay, momentum, nesterov, schedule, warmupEpochs,
                stepEvery, stepGamma, labelSmoothing, clipNorm, patience, augment, seed, precision, init);
    }

    /**
     * A copy as a PyTorch reference that sets nothing would train: PyTorch's layer initialisation,
     * no warm-up, no gradient clipping (the rest unchanged).
     */
    public TrainConfig asPyTorchReference() {
        return new TrainConfig(epochs, batchSize, microBatch, optimizer, lr, weightDecay, momentum, nesterov, schedule, 0,
                stepEvery, stepGamma, labelSmoothing, 0, patience, augment, seed, precision, Initialization.Scheme.PYTORCH);
    }

    /** A builder starting from {@code preset} (a {@link Recipe}'s configuration, say), DJL style: {@code opt*} per setting, checks in {@link Builder#build()}. */
    public static Builder builder(TrainConfig preset) {
        return new Builder(preset);
    }

    /** A builder from the HybridSN recipe ({@link Recipe#HSI}). */
    public static Builder builder() {
        return new Builder(Recipe.HSI.config());
    }

    /** Changes settings one by one; {@link #build()} checks them all (a bad value is a {@link dev.prism.SettingException}). */
    public static final class Builder {
        private int epochs;
        private int batchSize;
        private int microBatch;
        private OptimizerKind optimizer;
        private double lr;
        private double weightDecay;
        private double momentum;
        private boolean nesterov;
        private Schedule schedule;
        private double warmupEpochs;
        private int stepEvery;
        private double stepGamma;
        private double labelSmoothing;
        private double clipNorm;
        private int patience;
        private boolean augment;
        private long seed;
        private Precision precision;
        private Initialization.Scheme init;

        private Builder(TrainConfig p) {
            epochs = p.epochs();
            batchSize = p.batchSize();
            microBatch = p.microBatch();
            optimizer = p.optimizer();
            lr = p.lr();
            weightDecay = p.weightDecay();
            momentum = p.momentum();
            nesterov = p.nesterov();
            schedule = p.schedule();
            warmupEpochs = p.warmupEpochs();
            stepEvery = p.stepEvery();
            stepGamma = p.stepGamma();
            labelSmoothing = p.labelSmoothing();
            clipNorm = p.clipNorm();
            patience = p.patience();
            augment = p.augment();
            seed = p.seed();
            precision = p.precision();
            init = p.init();
        }

        /** Passes over the training set. */
        public Builder optEpochs(int value) {
            epochs = value;
            return this;
        }

        /** Samples per step. */
        public Builder optBatchSize(int value) {
            batchSize = value;
            return this;
        }

        /** Split each batch into chunks of this many samples whose gradients are accumulated before the step (0 = whole batch): the same update for networks without BatchNorm (HybridSN family) with a fraction of the activation memory; with BatchNorm the statistics become per chunk. */
        public Builder optMicroBatch(int value) {
            microBatch = value;
            return this;
        }

        /** ADAM, ADAMW or SGD. */
        public Builder optOptimizer(OptimizerKind value) {
            optimizer = value;
            return this;
        }

        /** Peak learning rate. */
        public Builder optLearningRate(double value) {
            lr = value;
            return this;
        }

        /** L2 (Adam, SGD) or decoupled (AdamW) weight decay, applied to convolution and fully-connected weights only (biases and BatchNorm scales and shifts are not decayed). */
        public Builder optWeightDecay(double value) {
            weightDecay = value;
            return this;
        }

        /** SGD momentum. */
        public Builder optMomentum(double value) {
            momentum = value;
            return this;
        }

        /** SGD Nesterov momentum. */
        public Builder optNesterov(boolean value) {
            nesterov = value;
            return this;
        }

        /** Learning-rate schedule. */
        public Builder optSchedule(Schedule value) {
            schedule = value;
            return this;
        }

        /** Linear warm-up from lr/10 (cosine, constant) before the schedule. */
        public Builder optWarmupEpochs(double value) {
            warmupEpochs = value;
            return this;
        }

        /** Epochs between decays (step schedule). */
        public Builder optStepEvery(int value) {
            stepEvery = value;
            return this;
        }

        /** Decay factor (step schedule). */
        public Builder optStepGamma(double value) {
            stepGamma = value;
            return this;
        }

        /** Label smoothing epsilon in [0, 1). */
        public Builder optLabelSmoothing(double value) {
            labelSmoothing = value;
            return this;
        }

        /** Global gradient-norm clip, 0 = off. */
        public Builder optClipNorm(double value) {
            clipNorm = value;
            return this;
        }

        /** Early stopping after this many epochs without validation improvement, 0 = off. */
        public Builder optPatience(int value) {
            patience = value;
            return this;
        }

        /** Random crop and flip (images). */
        public Builder optAugment(boolean value) {
            augment = value;
            return this;
        }

        /** Fixes initialisation, shuffling, augmentation, dropout and splits. */
        public Builder optSeed(long value) {
            seed = value;
            return this;
        }

        /** FP32, or BF16: convolutions and linear layers compute in bfloat16 during training, float32 master weights and loss ({@link dev.prism.nn.Autocast}); evaluation runs in float32. */
        public Builder optPrecision(Precision value) {
            precision = value;
            return this;
        }

        /** The initialisation: the model family's, or PyTorch's layer defaults (to reproduce a PyTorch reference that sets none). */
        public Builder optInit(Initialization.Scheme value) {
            init = value;
            return this;
        }

        /** Checks every setting (a {@link dev.prism.SettingException} names the first bad one) and returns the configuration. */
        public TrainConfig build() {
            return new TrainConfig(epochs, batchSize, microBatch, optimizer, lr, weightDecay, momentum, nesterov, schedule, warmupEpochs, stepEvery, stepGamma, labelSmoothing, clipNorm, patience, augment, seed, precision, init);
        }
    }
}
