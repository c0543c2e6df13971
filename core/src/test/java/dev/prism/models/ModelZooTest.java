package dev.prism.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ModelZooTest {

    private static final ModelRegistry ZOO = ModelRegistry.builtIn();

    private static long count(String model, ModelOptions o) {
        ModelSpec spec = ZOO.get(model);
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = spec.build(o);
            b.initialize(m, DataType.FLOAT32, spec.inputShape(o, 1));
            return StateDict.trainableCount(b);
        }
    }

    /** The pinned definitions' exact trainable parameter counts (1000 classes unless noted). */
    @ParameterizedTest
    @CsvSource({
        "mobilenet-v1, 1000, 4231976",
        "mobilenet-v2, 1000, 3504872",
        "mobilenet-v3-large, 1000, 5483032",
        "mobilenet-v3-small, 1000, 2542856",
        "se-resnet18, 10, 11263042",
        "hybridsn, 16, 5122176"})
    void exactParameterCounts(String model, int classes, long expected) {
        assertThat(count(model, ModelOptions.defaults().withClasses(classes))).isEqualTo(expected);
    }

    @Test
    void hybridHeadIsDerivedFromBandsAndWindow() {
        // 15 bands (the paper's setting for Salinas/Pavia), window 25: conv4 sees 32 * (15 - 12) = 96 maps
        long p15 = count("hybridsn", ModelOptions.defaults().withClasses(9).withBands(15));
        long p30 = count("hybridsn", ModelOptions.defaults().withClasses(9));
        assertThat(p30 - p15).isEqualTo(64L * (576 - 96) * 9);
    }

    @Test
    void everyModelRunsForwardOnItsDefaultInput() {
        for (ModelSpec spec : ZOO.all()) {
            ModelOptions o = ModelOptions.defaults().withClasses(5).withBands(20).withWindow(11).withInputSize(
                    spec.task() == ModelSpec.Task.IMAGE ? Math.max(spec.minInputSize(), 32) : 0);
            try (NDManager m = NDManager.newBaseManager()) {
                Block b = spec.build(o);
                Shape in = spec.inputShape(o, 2);
                b.initialize(m, DataType.FLOAT32, in);
                NDArray y = b.forward(new ParameterStore(m, false), new NDList(m.randomUniform(0, 1, in)), false)
                        .singletonOrThrow();
                assertThat(y.getShape()).as(spec.name()).isEqualTo(new Shape(2, 5));
                assertThat(b.getOutputShapes(new Shape[] {in})[0]).as(spec.name() + " declared shape").isEqualTo(new Shape(2, 5));
            }
        }
    }

    @Test
    void registryRefusesDuplicatesAndNamesUnknownModels() {
        ModelRegistry r = ModelRegistry.builtIn();
        ModelSpec any = r.get("hybridsn");
        assertThatThrownBy(() -> r.register(any)).hasMessageContaining("already registered");
        assertThatThrownBy(() -> r.get("mobilenet-v4")).hasMessageContaining("unknown model 'mobilenet-v4'")
                .hasMessageContaining("mobilenet-v3-small");
    }

    @Test
    void badArgumentsNameTheCulprit() {
        assertThatThrownBy(() -> ZOO.get("mobilenet-v2").build(ModelOptions.defaults().withAlpha(-1)))
                .hasMessageContaining("alpha").hasMessageContaining("-1");
        assertThatThrownBy(() -> ZOO.get("mobilenet-v1").build(ModelOptions.defaults().withInputSize(16)))
                .hasMessageContaining("16x16 is too small for mobilenet-v1");
        assertThatThrownBy(() -> ZOO.get("hybridsn").build(ModelOptions.defaults().withWindow(7)))
                .hasMessageContaining("window 7 is too small");
        assertThatThrownBy(() -> ZOO.get("hybridsn").build(ModelOptions.defaults().withBands(10)))
                .hasMessageContaining("bands 10 is too few");
        assertThatThrownBy(() -> ZOO.get("plain20").build(ModelOptions.defaults().withClasses(1)))
                .hasMessageContaining("classes must be at least 2");
    }
}
