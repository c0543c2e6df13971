package dev.prism.parity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GoldenParityTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "senet18.json", "hybridsn.json", "mobilenet_v1_0.5.json",
        "mobilenet_v2.json", "mobilenet_v3_small.json", "mobilenet_v3_large.json"})
    void matchesPyTorch(String file) throws Exception {
        ParityCheck.Result r = ParityCheck.run(GoldenFixture.read(SharedData.golden(file)));
        System.out.println(r.line());
        assertThat(r.paramCount()).isEqualTo(r.expectedParamCount());
        assertThat(r.evalError()).isLessThanOrEqualTo(ParityCheck.OUTPUT_TOLERANCE);
        assertThat(r.trainError()).isLessThanOrEqualTo(ParityCheck.OUTPUT_TOLERANCE);
        assertThat(r.lossError()).isLessThanOrEqualTo(ParityCheck.OUTPUT_TOLERANCE);
        assertThat(r.worstGradError()).as("worst gradient norm error, at %s", r.worstGradName())
                .isLessThanOrEqualTo(ParityCheck.GRAD_TOLERANCE);
        assertThat(r.passed()).isTrue();
    }
}
