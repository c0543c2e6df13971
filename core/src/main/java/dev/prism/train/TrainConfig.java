package dev.prism.train;

import com.google.gson.annotations.JsonAdapter;
import dev.prism.SettingException;
import dev.prism.models.Initialization;

/**
 * Everything that decides how a network is trained, as four small records: what the optimiser
 * does, how its rate moves, what regularises the network, and the run's own settings. Made by
 * {@link #builder()} (or a {@link Recipe}'s configuration adjusted through
 * {@link #builder(TrainConfig)}); each record checks its values, so an impossible configuration
 * cannot exist. Written to every run's {@code config.json} in the flat form runs have always
 * had ({@link TrainConfigJson}).
 */
@JsonAdapter(TrainConfigJson.class)
public record TrainConfig(Optimization optimization, RateSchedule schedule, Regularization regularization, RunSettings run,
        Parallel parallel) {

    /** Every part is required. */
    public TrainConfig {
        java.util.Objects.requireNonNull(optimization, "optimization");
        java.util.Objects.requireNonNull(schedule, "schedule");
        java.util.Objects.requireNonNull(regularization, "regularization");
        java.util.Objects.requireNonNull(run, "run");
        java.util.Objects.requireNonNull(parallel, "parallel");
    }

    /**
     * Data-parallel training by local SGD (Lin et al., ICLR 2020; {@link LocalSgd}): each of
     * {@code workers} trains {@code localSteps} batches of its own shard from the same weights and
     * optimizer state, then both are averaged. One worker with one local step is ordinary training
     * ({@link #ONE}), step for step.
     *
     * @param workers shards of the training set, each trained by one worker
     * @param localSteps batches each worker trains between two averagings
     */
    public record Parallel(int workers, int localSteps) {
        /** Ordinary training in one process. */
        public static final Parallel ONE = new Parallel(1, 1);

        /** Checks every value; a {@link SettingException} names the first bad one. */
        public Parallel {
            if (workers < 1) {
                throw new SettingException("workers", " must be >= 1, got " + workers);
            }
            if (localSteps < 1) {
                throw new SettingException("local steps", " must be >= 1, got " + localSteps);
            }
        }

        /** Whether training averages workers' weights (anything but {@link #ONE}). */
        public boolean averaging() {
            return !equals(ONE);
        }
    }

    /** The optimisers {@link Updater#of(TrainConfig)} makes. */
    public enum OptimizerKind {
        ADAM,
        ADAMW,
        SGD
    }

    /** Training in float32, or with bfloat16 convolutions and linear layers (mixed precision). */
    public enum Precision {
        FP32,
        BF16
    }

    /**
     * The optimiser's step.
     *
     * @param kind ADAM, ADAMW or SGD
     * @param lr peak learning rate
     * @param momentum SGD momentum, in [0, 1)
     * @param nesterov SGD Nesterov momentum
     * @param clipNorm global gradient-norm clip, 0 = off
     */
    public record Optimization(OptimizerKind kind, double lr, double momentum, boolean nesterov, double clipNorm) {
        /** Checks every value; a {@link SettingException} names the first bad one. */
        public Optimization {
            java.util.Objects.requireNonNull(kind, "optimizer");
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new SettingException("learning rate", " must be > 0, got " + lr);
            }
            if (!(momentum >= 0 && momentum < 1)) {
                throw new SettingException("momentum", " must be in [0, 1), got " + momentum);
            }
            nonNegative("clip norm", clipNorm);
        }
    }

    /**
     * How the learning rate moves over the run.
     *
     * @param kind the schedule
     * @param warmupEpochs linear warm-up from lr/10 (cosine, constant, step) before the schedule
     * @param stepEvery epochs between decays (step schedule)
     * @param stepGamma decay factor (step schedule), in (0, 1]
     */
    public record RateSchedule(Schedule kind, double warmupEpochs, int stepEvery, double stepGamma) {
        /** Checks every value; a {@link SettingException} names the first bad one. */
        public RateSchedule {
            java.util.Objects.requireNonNull(kind, "schedule");
            nonNegative("warm-up epochs", warmupEpochs);
            if (stepEvery < 0) {
                throw new SettingException("step every", " must be >= 1 epoch (0 = the recipe's), got " + stepEvery);
            }
            if (!(stepGamma > 0 && stepGamma <= 1)) {
                throw new SettingException("step gamma", " must be in (0, 1], got " + stepGamma);
            }
        }
    }

    /**
     * What keeps the network from fitting the training set alone.
     *
     * @param weightDecay L2 (Adam, SGD) or decoupled (AdamW) weight decay, applied to convolution
     *     and fully-connected weights only (biases and BatchNorm scales and shifts are not decayed)
     * @param labelSmoothing label smoothing epsilon in [0, 1)
     * @param augment random crop and flip (images)
     * @param patience early stopping after this many epochs without validation improvement, 0 = off
     */
    public record Regularization(double weightDecay, double labelSmoothing, boolean augment, int patience) {
        /** Checks every value; a {@link SettingException} names the first bad one. */
        public Regularization {
            nonNegative("weight decay", weightDecay);
            if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
                throw new SettingException("label smoothing", " must be in [0, 1), got " + labelSmoothing);
            }
            nonNegative("patience", patience);
        }
    }

    /**
     * The run itself.
     *
     * @param epochs passes over the training set
     * @param batchSize samples per step
     * @param microBatch split each batch into chunks of this many samples whose gradients are
     *     accumulated before the step (0 = whole batch): the same update for networks without
     *     BatchNorm (HybridSN family) with a fraction of the activation memory; with BatchNorm the
     *     statistics become per chunk
     * @param seed fixes initialisation, shuffling, augmentation, dropout and splits
     * @param precision FP32, or BF16: convolutions and linear layers compute in bfloat16 during
     *     training, float32 master weights and loss ({@link dev.prism.nn.Autocast}); evaluation
     *     runs in float32
     * @param init the model family's initialisation, or PyTorch's layer defaults (to reproduce a
     *     PyTorch reference that sets none)
     */
    public record RunSettings(int epochs, int batchSize, int microBatch, long seed, Precision precision, Initialization.Scheme init) {
        /** Checks every value; a {@link SettingException} names the first bad one. */
        public RunSettings {
            if (epochs < 1) {
                throw new SettingException("epochs", " must be >= 1, got " + epochs);
            }
            if (batchSize < 1) {
                throw new SettingException("batch size", " must be >= 1, got " + batchSize);
            }
            if (microBatch < 0) {
                throw new SettingException("micro-batch", " must be >= 0 (0 = whole batch), got " + microBatch);
            }
            java.util.Objects.requireNonNull(precision, "precision");
            java.util.Objects.requireNonNull(init, "init");
        }
    }

    private static void nonNegative(String setting, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new SettingException(setting, " must be >= 0, got " + (value == Math.rint(value) && !Double.isInfinite(value)
                    ? Long.toString((long) value) : Double.toString(value)));
        }
    }

    /** Passes over the training set. */
    public int epochs() {
        return run.epochs();
    }

    /** The seed of initialisation, shuffling, augmentation, dropout and (unless a split seed is given) the split. */
    public long seed() {
        return run.seed();
    }

    /** A copy with another number of epochs. */
    public TrainConfig withEpochs(int e) {
        return builder(this).optEpochs(e).build();
    }

    /** A copy with another seed. */
    public TrainConfig withSeed(long s) {
        return builder(this).optSeed(s).build();
    }

    /**
     * A copy as a PyTorch reference that sets nothing would train: PyTorch's layer initialisation,
     * no warm-up, no gradient clipping (the rest unchanged).
     */
    public TrainConfig asPyTorchReference() {
        return builder(this).optInit(Initialization.Scheme.PYTORCH).optWarmupEpochs(0).optClipNorm(0).build();
    }

    /** A builder starting from {@code preset} (a {@link Recipe}'s configuration, say), DJL style: {@code opt*} per setting, checks in {@link Builder#build()}. */
    public static Builder builder(TrainConfig preset) {
        return new Builder(preset);
    }

    /**
     * A builder starting from plain settings: Adam at 0.001, constant rate, 10 epochs of batches
     * of 128, no regularisation, float32, the family's initialisation, seed 42 (what
     * {@link Recipe#SEED} is).
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Changes settings one by one; {@link #build()} checks them all (a bad value is a {@link dev.prism.SettingException}). */
    public static final class Builder {
        private OptimizerKind optimizer = OptimizerKind.ADAM;
        private double lr = 0.001;
        private double momentum = 0.9;
        private boolean nesterov;
        private double clipNorm;
        private Schedule schedule = Schedule.CONSTANT;
        private double warmupEpochs;
        private int stepEvery = 30;
        private double stepGamma = 0.1;
        private double weightDecay;
        private double labelSmoothing;
        private boolean augment;
        private int patience;
        private int epochs = 10;
        private int batchSize = 128;
        private int microBatch;
        private long seed = 42;
        private Precision precision = Precision.FP32;
        private Initialization.Scheme init = Initialization.Scheme.FAMILY;
        private int workers = 1;
        private int localSteps = 1;

        private Builder() {}

        private Builder(TrainConfig p) {
            optimization(p.optimization());
            rateSchedule(p.schedule());
            regularization(p.regularization());
            runSettings(p.run());
            workers = p.parallel().workers();
            localSteps = p.parallel().localSteps();
        }

        /** Every optimisation setting at once. */
        public Builder optimization(Optimization o) {
            optimizer = o.kind();
            lr = o.lr();
            momentum = o.momentum();
            nesterov = o.nesterov();
            clipNorm = o.clipNorm();
            return this;
        }

        /** Every schedule setting at once. */
        public Builder rateSchedule(RateSchedule s) {
            schedule = s.kind();
            warmupEpochs = s.warmupEpochs();
            stepEvery = s.stepEvery();
            stepGamma = s.stepGamma();
            return this;
        }

        /** Every regularisation setting at once. */
        public Builder regularization(Regularization r) {
            weightDecay = r.weightDecay();
            labelSmoothing = r.labelSmoothing();
            augment = r.augment();
            patience = r.patience();
            return this;
        }

        /** Every run setting at once. */
        public Builder runSettings(RunSettings r) {
            epochs = r.epochs();
            batchSize = r.batchSize();
            microBatch = r.microBatch();
            seed = r.seed();
            precision = r.precision();
            init = r.init();
            return this;
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

        /** Gradient accumulation over chunks of this many samples per batch (0 = whole batch); see {@link RunSettings}. */
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

        /** Weight decay of convolution and linear weights; see {@link Regularization}. */
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

        /** Linear warm-up from lr/10 before the schedule. */
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

        /** FP32, or BF16 mixed precision; see {@link RunSettings}. */
        public Builder optPrecision(Precision value) {
            precision = value;
            return this;
        }

        /** The family's initialisation or PyTorch's layer defaults. */
        public Builder optInit(Initialization.Scheme value) {
            init = value;
            return this;
        }

        /** Shards of the training set trained by workers whose weights are averaged; see {@link Parallel}. */
        public Builder optWorkers(int value) {
            workers = value;
            return this;
        }

        /** Batches each worker trains between two averagings; see {@link Parallel}. */
        public Builder optLocalSteps(int value) {
            localSteps = value;
            return this;
        }

        /** Checks every setting (a {@link dev.prism.SettingException} names the first bad one) and returns the configuration. */
        public TrainConfig build() {
            return new TrainConfig(new Optimization(optimizer, lr, momentum, nesterov, clipNorm),
                    new RateSchedule(schedule, warmupEpochs, stepEvery, stepGamma),
                    new Regularization(weightDecay, labelSmoothing, augment, patience),
                    new RunSettings(epochs, batchSize, microBatch, seed, precision, init), new Parallel(workers, localSteps));
        }
    }
}
