package dev.prism.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import java.util.List;

/** {@code torch.flatten(x, 1)}: every axis but the batch axis into one (see {@link Layers#flatten}). */
public final class Flatten extends LambdaBlock implements OnnxForm {

    Flatten() {
        super(list -> new NDList(list.singletonOrThrow().reshape(list.singletonOrThrow().getShape().get(0), -1)), "flatten");
    }

    @Override
    public OnnxWriter.Value writeOnnx(OnnxWriter w, OnnxWriter.Value x, String path) {
        Shape s = x.shape();
        return new OnnxWriter.Value(w.node("Flatten", path, List.of(x.name()), OnnxWriter.Attribute.of("axis", 1L)),
                new Shape(s.get(0), s.size() / s.get(0)));
    }
}
