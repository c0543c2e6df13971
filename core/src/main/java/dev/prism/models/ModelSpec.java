package dev.prism.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.function.Function;

/**
 * A registered model: its name, what it is, its input contract and how to build it.
 *
 * @param name registry name, as typed on the command line
 * @param task what the model classifies
 * @param description one line for {@code prism models}
 * @param paper reference link
 * @param defaultInputSize image side used when {@link ModelOptions#inputSize()} is 0 (0 for HSI)
 * @param minInputSize smallest image side the strides allow (window for HSI)
 * @param normalisation what the input must look like
 * @param factory builds the network
 */
public record ModelSpec(
        String name,
        Task task,
        String description,
        String paper,
        int defaultInputSize,
        int minInputSize,
        String normalisation,
        Function<ModelOptions, Block> factory) {

    /** What a model classifies: RGB images, or windows of a hyperspectral scene. */
    public enum Task {
        IMAGE,
        HSI
    }

    /** Resolves option defaults (input size) for this model and checks them. */
    public ModelOptions resolve(ModelOptions options) {
        ModelOptions o = options;
        if (task == Task.IMAGE) {
            if (o.inputSize() == 0) {
                o = o.withInputSize(defaultInputSize);
            }
            if (o.inputSize() < minInputSize) {
                throw new IllegalArgumentException("input " + o.inputSize() + "x" + o.inputSize() + " is too small for "
                        + name + ": its strides need at least " + minInputSize + "x" + minInputSize);
            }
        }
        return o;
    }

    /** Shape of one input batch of {@code batch} samples. */
    public Shape inputShape(ModelOptions options, long batch) {
        ModelOptions o = resolve(options);
        return task == Task.IMAGE
                ? new Shape(batch, 3, o.inputSize(), o.inputSize())
                : new Shape(batch, 1, o.bands(), o.window(), o.window());
    }

    /**
     * Builds the network and initialises its parameters under {@code manager} for batches of its
     * input shape: the family's initialisation ({@link Initialization}) drawn from a generator of
     * its own seeded with {@code seed} (the engine's global generator is neither used nor
     * reseeded), so the same seed gives the same weights.
     */
    public Block create(ai.djl.ndarray.NDManager manager, ModelOptions options, long seed) {
        return create(manager, options, seed, Initialization.Scheme.FAMILY);
    }

    /** As {@link #create(ai.djl.ndarray.NDManager, ModelOptions, long)}, initialised by {@code scheme}. */
    public Block create(ai.djl.ndarray.NDManager manager, ModelOptions options, long seed, Initialization.Scheme scheme) {
        ModelOptions o = resolve(options);
        Block block = build(o);
        java.util.SplittableRandom random = Initialization.apply(block, task, scheme, seed);
        block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, inputShape(o, 1));
        Initialization.drawBiases(block, scheme, random);
        return block;
    }

    /**
     * An inference-only copy of {@code trained} (a network of this spec with {@code options}): a
     * new network under {@code manager} with the same weights and running statistics, in which every
     * 2-D convolution followed by a BatchNorm is folded into one convolution
     * ({@link dev.prism.nn.BatchNormFold}). The copy computes what {@code trained} computes in
     * inference mode, up to floating-point order, with fewer operators; it refuses training and
     * weight loading. {@code trained} is untouched and may go on training (freeze again afterwards).
     */
    public Block freeze(ai.djl.ndarray.NDManager manager, ModelOptions options, Block trained) {
        Block copy = create(manager, options, 0);
        StateDict.load(copy, StateDict.extract(trained), "the network to freeze");
        dev.prism.nn.BatchNormFold.freeze(copy);
        return copy;
    }

    /**
     * Builds the network (uninitialised). Building computes nothing and checks nothing: what runs
     * the network (Prism's {@code TrainingLoop} and {@code Inference}) takes the engine
     * self-check's result ({@link dev.prism.engine.EngineCheck#check()}), and the network's
     * operators follow the check's verdict whenever it was made.
     */
    public Block build(ModelOptions options) {
        return factory.apply(resolve(options));
    }
}
