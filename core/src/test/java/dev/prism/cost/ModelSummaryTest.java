package dev.prism.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prism.models.ModelOptions;
import dev.prism.models.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelSummaryTest {

    private static final ModelRegistry ZOO = ModelRegistry.builtIn();

    /** The papers' published multiply-adds (1000 classes), within 3%. */
    @ParameterizedTest
    @CsvSource({
        "mobilenet-v1, 1.0, 224, 569",
        "mobilenet-v1, 0.5, 160, 76",
        "mobilenet-v2, 1.0, 224, 300",
        "mobilenet-v3-large, 1.0, 224, 219",
        "mobilenet-v3-small, 1.0, 224, 56",
        "efficientnet-b0, 1.0, 224, 390"})
    void publishedMultAdds(String model, double alpha, int input, double millions) {
        ModelSummary.Summary s = ModelSummary.of(ZOO.get(model),
                ModelOptions.defaults().withClasses(1000).withAlpha(alpha).withInputSize(input));
        assertThat(s.macs() / 1e6).isCloseTo(millions, within(millions * 0.03));
    }

    /** EfficientNet-B0: the paper's 5.3M parameters (torchvision's 5,288,548 exactly). */
    @Test
    void efficientNetB0Params() {
        assertThat(ModelSummary.of(ZOO.get("efficientnet-b0"), ModelOptions.defaults().withClasses(1000)).params()).isEqualTo(5_288_548);
    }

    /** ECA-MobileNetV2: the authors' definition counted in PyTorch (tools/fixtures/generate.py): MobileNetV2's 3,504,872 and one weight per ECA tap (17 blocks, 31). */
    @Test
    void ecaMobileNetV2Params() {
        assertThat(ModelSummary.of(ZOO.get("eca-mobilenet-v2"), ModelOptions.defaults().withClasses(1000)).params()).isEqualTo(3_504_903);
    }

    @Test
    void mobileNetV1Params() {
        assertThat(ModelSummary.of(ZOO.get("mobilenet-v1"), ModelOptions.defaults().withClasses(1000)).params())
                .isEqualTo(4_231_976);
        assertThat(ModelSummary.of(ZOO.get("mobilenet-v1"),
                ModelOptions.defaults().withClasses(1000).withAlpha(0.5).withInputSize(160)).params() / 1e6)
                .isCloseTo(1.32, within(0.015));
    }

    /** Per-layer figures checked by hand: the 3x3 stride-2 stem of MobileNetV1 at 224. */
    @Test
    void layerRowsAreHandCheckable() {
        ModelSummary.Summary s = ModelSummary.of(ZOO.get("mobilenet-v1"), ModelOptions.defaults().withClasses(1000));
        ModelSummary.Layer stem = s.layers().get(0);
        assertThat(stem.name()).isEqualTo("features.0");
        assertThat(stem.outputShape()).containsExactly(1, 32, 112, 112);
        assertThat(stem.params()).isEqualTo(3 * 3 * 3 * 32);
        assertThat(stem.macs()).isEqualTo(3L * 3 * 3 * 32 * 112 * 112);
        ModelSummary.Layer fc = s.layers().get(s.layers().size() - 1);
        assertThat(fc.name()).isEqualTo("classifier");
        assertThat(fc.macs()).isEqualTo(1024L * 1000);
        assertThat(s.layers().stream().mapToLong(ModelSummary.Layer::macs).sum()).isEqualTo(s.macs());
        assertThat(s.table()).contains("features.0").contains("total");
    }

    /** Table 6 and Table 7 of Howard et al. 2017 (mult-adds in millions, params in millions). */
    @Test
    void sweepsReproduceTables6And7() {
        Sweeps.Table alpha = Sweeps.run(ZOO.get("mobilenet-v1"), ModelOptions.defaults().withClasses(1000), Sweeps.Axis.ALPHA);
        double[][] table6 = {{569, 4.2}, {325, 2.6}, {149, 1.3}, {41, 0.47}};
        for (int i = 0; i < 4; i++) {
            assertThat(alpha.rows().get(i).macs() / 1e6).isCloseTo(table6[i][0], within(table6[i][0] * 0.03));
            assertThat(alpha.rows().get(i).params() / 1e6).isCloseTo(table6[i][1], within(table6[i][1] * 0.03));
        }
        Sweeps.Table res = Sweeps.run(ZOO.get("mobilenet-v1"), ModelOptions.defaults().withClasses(1000), Sweeps.Axis.RESOLUTION);
        double[] table7 = {569, 418, 290, 186};
        for (int i = 0; i < 4; i++) {
            assertThat(res.rows().get(i).macs() / 1e6).isCloseTo(table7[i], within(table7[i] * 0.03));
        }
    }
}
