package dev.prism.models;

import java.util.List;

/** A user's model, found through ServiceLoader (META-INF/services in the test resources). */
public final class TestModelProvider implements ModelProvider {

    @Override
    public List<ModelSpec> models() {
        return List.of(new ModelSpec("my-small-cnn", ModelSpec.Task.HSI, "a user's own network: the 2-D CNN without its FC head's dropout",
                "https://example.org/my-paper", 0, 3, "PCA components",
                o -> HybridSN.builder().setBands(o.bands()).setWindow(o.window()).setClasses(o.classes())
                        .optVariant(HybridSN.Variant.CNN_2D).optDropout(0).build()));
    }
}
