package dev.prism.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.XavierInitializer;

/**
 * Weight initialisation, set before {@code initialize}. BatchNorm starts at gamma 1, beta 0
 * (DJL's defaults, as PyTorch's).
 *
 * <ul>
 *   <li>{@link Scheme#FAMILY} (the default): hyperspectral networks Glorot (Xavier) uniform, as the
 *       HybridSN authors' Keras code; image networks He (Kaiming) normal with fan-out, as
 *       torchvision initialises ResNets and MobileNets; biases zero. With PyTorch's layer defaults
 *       HybridSN, which has no normalisation layer, was seen to collapse to one class on some seeds;
 *   <li>{@link Scheme#PYTORCH}: PyTorch's layer defaults, what a PyTorch implementation that sets
 *       no initialisation gets ({@code reset_parameters} of {@code nn.Conv*d} and {@code
 *       nn.Linear}: Kaiming uniform with a = sqrt(5), i.e. weights and biases uniform in
 *       +-1/sqrt(fan_in)), to reproduce such a reference and its failures.
 * </ul>
 */
public final class Initialization {

    /** Which initialisation a network starts from. */
    public enum Scheme {
        /** The model family's own (Glorot uniform for hyperspectral networks, He normal fan-out for image networks). */
        FAMILY,
        /** PyTorch's layer defaults: weights and biases uniform in +-1/sqrt(fan_in). */
        PYTORCH
    }

    private Initialization() {}

    /** {@link #apply(Block, ModelSpec.Task, Scheme)} with the family's scheme. */
    public static void apply(Block block, ModelSpec.Task task) {
        apply(block, task, Scheme.FAMILY);
    }

    /**
     * Sets the initialisers of every weight of {@code block}; the values are drawn when the block
     * is initialised. {@link Scheme#PYTORCH} also needs {@link #drawBiases} after that.
     */
    public static void apply(Block block, ModelSpec.Task task, Scheme scheme) {
        XavierInitializer init = scheme == Scheme.PYTORCH
                ? new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1)
                : task == ModelSpec.Task.HSI
                        ? new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3)
                        : new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2);
        block.setInitializer(init, Parameter.Type.WEIGHT);
    }

    /**
     * For {@link Scheme#PYTORCH}, after initialisation: every convolution's and fully-connected
     * layer's bias drawn uniform in +-1/sqrt(fan_in) of its weight, as PyTorch does (DJL starts
     * biases at zero). Other schemes leave the biases at zero.
     */
    public static void drawBiases(Block block, Scheme scheme, NDManager manager) {
        if (scheme != Scheme.PYTORCH) {
            return;
        }
        if (block instanceof Convolution || block instanceof Linear) {
            Parameter w = null;
            Parameter b = null;
            for (var p : block.getParameters()) {
                if (p.getKey().equals("weight")) {
                    w = p.getValue();
                } else if (p.getKey().equals("bias")) {
                    b = p.getValue();
                }
            }
            if (w != null && b != null && b.isInitialized()) {
                long[] shape = w.getArray().getShape().getShape();
                long fanIn = w.getArray().size() / shape[0];
                float bound = (float) (1 / Math.sqrt(fanIn));
                NDArray bias = b.getArray();
                try (NDArray r = manager.randomUniform(-bound, bound, bias.getShape())) {
                    bias.set(java.nio.FloatBuffer.wrap(r.toFloatArray()));
                }
            }
        }
        block.getChildren().values().forEach(child -> drawBiases(child, scheme, manager));
    }
}
