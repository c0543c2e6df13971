package dev.prism.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import java.util.List;

/** Global average pooling to (N, C), as {@code adaptive_avg_pool2d(x, 1).flatten(1)} (see {@link Layers#globalAvgPoolFlatten}). */
public final class GlobalAvgPool extends LambdaBlock implements OnnxForm {

    GlobalAvgPool() {
        super(list -> new NDList(Layers.globalAvgPool(list.singletonOrThrow())), "global_avg_pool");
    }

    @Override
    public OnnxWriter.Value writeOnnx(OnnxWriter w, OnnxWriter.Value x, String path) {
        String pooled = w.node("GlobalAveragePool", path, List.of(x.name()));
        return new OnnxWriter.Value(w.node("Flatten", path, List.of(pooled), OnnxWriter.Attribute.of("axis", 1L)),
                new Shape(x.shape().get(0), x.shape().get(1)));
    }
}
