package dev.prism.parity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.SharedData;
import dev.prism.engine.EngineCheck;
import dev.prism.engine.EngineConfig;
import dev.prism.nn.InputLayout;
import dev.prism.nn.MemoryFormat;
import dev.prism.nn.TorchOps;
import java.util.LinkedHashSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden fixture under the layout the engine self-check selected on this machine and under
 * every other layout it declares safe (never under one it found wrong: that one may crash the
 * JVM). The build runs this class a second time with {@code -Dprism.nativeOps=false}, through the
 * DJL-only compositions.
 */
class GoldenParityTest {

    private static final List<Path> IMAGE_FIXTURES = GoldenFixtures.IMAGE;
    private static final List<Path> VOLUME_FIXTURES = GoldenFixtures.VOLUME;

    static Stream<Arguments> cases() {
        EngineConfig c = EngineCheck.check();
        Set<MemoryFormat> images = new LinkedHashSet<>(List.of(c.layout().images()));
        Set<MemoryFormat> volumes = new LinkedHashSet<>(List.of(c.layout().volumes()));
        for (InputLayout l : c.safeLayouts()) {
            images.add(l.images());
            volumes.add(l.volumes());
        }
        String ops = TorchOps.available() ? "native ops" : "DJL compositions";
        Stream<Arguments> img = IMAGE_FIXTURES.stream().flatMap(f -> images.stream().map(m -> Arguments.of(f,
                new InputLayout(m, c.layout().volumes()), m.label() + (m == c.layout().images() ? " (selected)" : "") + ", " + ops)));
        Stream<Arguments> vol = VOLUME_FIXTURES.stream().flatMap(f -> volumes.stream().map(m -> Arguments.of(f,
                new InputLayout(c.layout().images(), m), m.label() + (m == c.layout().volumes() ? " (selected)" : "") + ", " + ops)));
        return Stream.concat(img, vol);
    }

    /** Every registered model is pinned: a model added without a fixture fails here. */
    @org.junit.jupiter.api.Test
    void everyRegisteredModelHasAFixture() throws Exception {
        Set<String> pinned = new java.util.TreeSet<>();
        for (Path f : Stream.concat(IMAGE_FIXTURES.stream(), VOLUME_FIXTURES.stream()).toList()) {
            pinned.add(ParityCheck.target(GoldenFixture.read(f)).registryName());
        }
        Set<String> registered = new java.util.TreeSet<>();
        dev.prism.models.ModelRegistry.builtIn().all().forEach(m -> registered.add(m.name()));
        assertThat(pinned).isEqualTo(registered);
    }

    /**
     * A gradient checked against its exact norm still fails when wrong: ECA-MobileNetV2's fixture
     * with one exactly-known norm moved by 20% (twice float32's allowance for it) is refused.
     */
    @org.junit.jupiter.api.Test
    void aGradientCheckedAgainstItsExactNormStillFailsWhenWrong() throws Exception {
        GoldenFixture fx = GoldenFixture.read(GoldenFixtures.OWN.resolve("eca_mobilenet_v2.json"));
        String name = "features.13.conv.4.conv.weight";
        assertThat(fx.exactGradNorms()).containsKey(name);
        java.util.Map<String, Double> moved = new java.util.HashMap<>(fx.exactGradNorms());
        moved.put(name, moved.get(name) * 1.2);
        GoldenFixture wrong = new GoldenFixture(fx.model(), fx.reference(), fx.input(), fx.labels(), fx.params(), fx.param_count(),
                fx.eval_output(), fx.train_output(), fx.train_loss(), fx.grad_l2_norms(), moved, fx.f32GradErrors());
        ParityCheck.Result r = ParityCheck.run(wrong, EngineCheck.check().layout());
        assertThat(r.worstGradName()).isEqualTo(name);
        assertThat(r.passed()).isFalse();
    }

    @ParameterizedTest(name = "{0} in {2}")
    @MethodSource("cases")
    void matchesPyTorch(Path file, InputLayout layout, String description) throws Exception {
        ParityCheck.Result r = ParityCheck.run(GoldenFixture.read(file), layout);
        System.out.println(r.line() + " [" + description + "]");
        assertThat(r.paramCount()).isEqualTo(r.expectedParamCount());
        assertThat(r.evalError()).isLessThanOrEqualTo(ParityCheck.OUTPUT_TOLERANCE);
        assertThat(r.trainError()).isLessThanOrEqualTo(ParityCheck.OUTPUT_TOLERANCE);
        assertThat(r.lossError()).isLessThanOrEqualTo(ParityCheck.OUTPUT_TOLERANCE);
        assertThat(r.worstGradError()).as("worst gradient norm error, at %s", r.worstGradName())
                .isLessThanOrEqualTo(ParityCheck.GRAD_TOLERANCE);
        assertThat(r.passed()).isTrue();
    }
}
