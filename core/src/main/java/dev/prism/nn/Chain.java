package dev.prism.nn;

import ai.djl.nn.Block;

/**
 * A sequential block whose children carry names, like a PyTorch module's attributes
 * ({@code self.conv1 = ...}). A {@link Sequential} stands for {@code nn.Sequential}
 * (children named by index); a {@code Chain} stands for a custom {@code nn.Module} whose forward
 * calls its children in order. A child added with an empty name is transparent: its own children's
 * names appear directly under the chain, which is how one {@link SqueezeExcite} block can carry
 * the flat {@code fc1}/{@code fc2} names of the SENet reference. See {@link TorchNames}.
 */
public class Chain extends Sequential {

    /** Adds a named child (its PyTorch attribute name, or "" for a transparent one). */
    public Chain add(String name, Block block) {
        addChildBlock(name, block);
        return this;
    }

    /** Adds a parameter-free activation. */
    public Chain add(Activation activation) {
        addChildBlock("", activation.block());
        return this;
    }

    /** Adds an anonymous, parameter-free step. */
    public Chain addStep(Block block) {
        addChildBlock("", block);
        return this;
    }
}
