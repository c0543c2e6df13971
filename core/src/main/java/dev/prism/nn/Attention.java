package dev.prism.nn;

import ai.djl.nn.Block;
import java.util.function.IntFunction;

/**
 * An attention block for a network's slot: the name its PyTorch module has there (so weights load
 * by name) and how to make it for the slot's channels: {@link SqueezeExcite}, {@link Eca},
 * {@link Cbam}, {@link SpatialGate}, or any block of the same shape.
 *
 * @param name the module's name in the network (e.g. {@code eca}, {@code cbam}, {@code channel_se})
 * @param block the block for a given number of channels
 */
public record Attention(String name, IntFunction<Block> block) {

    /** SE with {@code reduction}, named {@code name}. */
    public static Attention squeezeExcite(String name, int reduction) {
        return squeezeExcite(name, SqueezeExcite.builder().optReduction(reduction));
    }

    /** ECA with the paper's adaptive kernel size, named {@code name}. */
    public static Attention eca(String name) {
        return new Attention(name, Eca::new);
    }

    /** ECA with a 1-D kernel of {@code kernel} channels whatever the width (as the authors' ECA-MobileNetV2), named {@code name}. */
    public static Attention eca(String name, int kernel) {
        return new Attention(name, c -> new Eca(c, kernel));
    }

    /** SE as {@code se} configures it (reduction, divisor, gates), for the slot's channels, named {@code name}. */
    public static Attention squeezeExcite(String name, SqueezeExcite.Builder se) {
        return new Attention(name, c -> se.setChannels(c).build());
    }

    /** CBAM, named {@code name}. */
    public static Attention cbam(String name) {
        return new Attention(name, Cbam::of);
    }

    /** CBAM's spatial gate alone, named {@code name}. */
    public static Attention spatial(String name) {
        return new Attention(name, c -> new SpatialGate());
    }
}
