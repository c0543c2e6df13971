package dev.prism.nn;

import ai.djl.ndarray.NDList;
import ai.djl.nn.LambdaBlock;

/** {@code torch.flatten(x, 1)}: every axis but the batch axis into one (see {@link Layers#flatten}). */
public final class Flatten extends LambdaBlock {

    Flatten() {
        super(list -> new NDList(list.singletonOrThrow().reshape(list.singletonOrThrow().getShape().get(0), -1)), "flatten");
    }
}
