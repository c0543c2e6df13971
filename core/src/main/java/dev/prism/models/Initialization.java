package dev.prism.models;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;

/**
 * Weight initialisation per model family, set before {@code initialize}. Biases start at zero and
 * BatchNorm at gamma 1, beta 0 (DJL's defaults, as PyTorch's).
 *
 * <ul>
 *   <li>hyperspectral networks: Glorot (Xavier) uniform, as the HybridSN authors' Keras code. With
 *       PyTorch's default (Kaiming uniform with a = sqrt(5)) HybridSN, which has no normalisation
 *       layer, was seen to collapse to one class on some seeds;
 *   <li>image networks: He (Kaiming) normal with fan-out, as torchvision initialises ResNets and
 *       MobileNets.
 * </ul>
 */
public final class Initialization {

    private Initialization() {}

    /**
     * Sets the initialisers of every parameter of {@code block} as PyTorch's reference implementation
     * of its family does; the values are drawn when the block is initialised.
     */
    public static void apply(Block block, ModelSpec.Task task) {
        XavierInitializer init = task == ModelSpec.Task.HSI
                ? new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3)
                : new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2);
        block.setInitializer(init, Parameter.Type.WEIGHT);
    }
}
