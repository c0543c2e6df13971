package dev.prism.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.engine.ProbeResult.Outcome;
import dev.prism.nn.InputLayout;
import dev.prism.nn.MemoryFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The self-check's decision logic, fed with injected probe results. */
class EngineDecisionTest {

    private static final String CL = "channels-last";
    private static final String CO = "contiguous";

    private static ProbeResult probe(String label, Probe.Kind kind, String layout, String precision, Outcome o) {
        double error = o == Outcome.PASS ? 1e-7 : o == Outcome.WRONG ? 0.13 : Double.NaN;
        return new ProbeResult(label + "/" + layout + "/" + precision, kind, label, layout, precision, error,
                precision.equals("bf16") ? Probe.BF16_TOLERANCE : Probe.FP32_TOLERANCE, o, "injected");
    }

    /** A healthy machine: one probe of each kind in each layout, all passing. */
    private static List<ProbeResult> healthy() {
        List<ProbeResult> out = new ArrayList<>();
        for (String layout : List.of(CO, CL)) {
            out.add(probe("conv2d 1x1 4x256x1x1->1024", Probe.Kind.IMAGES, layout, "fp32", Outcome.PASS));
            out.add(probe("conv3d 3x3x3", Probe.Kind.VOLUMES, layout, "fp32", Outcome.PASS));
            out.add(probe("conv2d 3x3", Probe.Kind.IMAGES, layout, "bf16", Outcome.PASS));
            out.add(probe("native relu6", Probe.Kind.NATIVE, layout, "fp32", Outcome.PASS));
        }
        out.add(probe("linear", Probe.Kind.IMAGES, "-", "fp32", Outcome.PASS));
        out.add(probe("linear", Probe.Kind.IMAGES, "-", "bf16", Outcome.PASS));
        return out;
    }

    private static List<ProbeResult> with(List<ProbeResult> base, ProbeResult replacement) {
        List<ProbeResult> out = new ArrayList<>(base);
        out.replaceAll(r -> r.id().equals(replacement.id()) ? replacement : r);
        assertThat(out).contains(replacement);
        return out;
    }

    private static EngineConfig decide(List<ProbeResult> probes, Map<String, Double> speed) {
        return EngineDecision.decide(probes, speed, Optional.empty(), true, "test");
    }

    @Test
    void aHealthyMachineGetsChannelsLastAndEverythingOn() {
        EngineConfig c = decide(healthy(), Map.of());
        assertThat(c.layout()).isEqualTo(InputLayout.CHANNELS_LAST);
        assertThat(c.safeLayouts()).hasSize(4);
        assertThat(c.nativeOps()).isTrue();
        assertThat(c.bf16()).isTrue();
        assertThat(c.fallbacks()).isEmpty();
        assertThat(c.usable()).isTrue();
    }

    @Test
    void aWrongChannelsLastConvolutionFallsBackToContiguousAndSaysWhy() {
        EngineConfig c = decide(with(healthy(), probe("conv2d 1x1 4x256x1x1->1024", Probe.Kind.IMAGES, CL, "fp32", Outcome.WRONG)),
                Map.of());
        assertThat(c.layout()).isEqualTo(InputLayout.CONTIGUOUS);
        assertThat(c.safeLayouts()).containsExactly(InputLayout.CONTIGUOUS);
        assertThat(c.fallbacks()).anySatisfy(f -> assertThat(f)
                .contains("channels-last images are wrong").contains("conv2d 1x1 4x256x1x1->1024").contains("1.3e-01"));
        assertThat(c.nativeOps()).isTrue();
        assertThat(c.bf16()).isTrue();
    }

    @Test
    void aCrashingProbeRulesItsLayoutOutLikeAWrongOne() {
        EngineConfig c = decide(with(healthy(), probe("conv2d 1x1 4x256x1x1->1024", Probe.Kind.IMAGES, CL, "fp32", Outcome.CRASHED)),
                Map.of("images/contiguous", 50.0, "images/channels-last", 10.0));
        assertThat(c.layout().images()).isEqualTo(MemoryFormat.CONTIGUOUS);
        assertThat(c.fallbacks()).anySatisfy(f -> assertThat(f).contains("crashed"));
    }

    @Test
    void wrongThreeDimensionalKernelsOnlyRuleOutChannelsLastVolumes() {
        EngineConfig c = decide(with(healthy(), probe("conv3d 3x3x3", Probe.Kind.VOLUMES, CL, "fp32", Outcome.WRONG)), Map.of());
        assertThat(c.layout()).isEqualTo(new InputLayout(MemoryFormat.CHANNELS_LAST, MemoryFormat.CONTIGUOUS));
    }

    @Test
    void speedDecidesBetweenSafeLayoutsWithAMarginForChannelsLast() {
        assertThat(decide(healthy(), Map.of("images/contiguous", 10.0, "images/channels-last", 20.0)).layout().images())
                .isEqualTo(MemoryFormat.CONTIGUOUS);
        assertThat(decide(healthy(), Map.of("images/contiguous", 19.0, "images/channels-last", 20.0)).layout().images())
                .as("within the margin").isEqualTo(MemoryFormat.CHANNELS_LAST);
        assertThat(decide(healthy(), Map.of("volumes/contiguous", 10.0, "volumes/channels-last", 20.0)).layout())
                .isEqualTo(new InputLayout(MemoryFormat.CHANNELS_LAST, MemoryFormat.CONTIGUOUS));
        assertThat(decide(healthy(), Map.of("images/contiguous", 10.0, "images/channels-last", 20.0)).fallbacks())
                .as("choosing the faster is not a fallback").isEmpty();
    }

    @Test
    void wrongNativeOperatorsAreSwitchedOffAndTakeBf16WithThem() {
        EngineConfig c = decide(with(healthy(), probe("native relu6", Probe.Kind.NATIVE, CL, "fp32", Outcome.WRONG)), Map.of());
        assertThat(c.nativeOps()).isFalse();
        assertThat(c.bf16()).isFalse();
        assertThat(c.bf16Note()).contains("native operators");
        assertThat(c.layout()).isEqualTo(InputLayout.CHANNELS_LAST);
        assertThat(c.fallbacks()).anySatisfy(f -> assertThat(f).contains("native operators are wrong"));
    }

    @Test
    void wrongBf16IsRefusedWithTheProbeNamed() {
        EngineConfig c = decide(with(healthy(), probe("conv2d 3x3", Probe.Kind.IMAGES, CL, "bf16", Outcome.WRONG)), Map.of());
        assertThat(c.bf16()).isFalse();
        assertThat(c.bf16Note()).contains("bfloat16 arithmetic is wrong").contains("conv2d 3x3");
        assertThat(c.layout()).as("fp32 is unaffected").isEqualTo(InputLayout.CHANNELS_LAST);
        assertThat(c.nativeOps()).isTrue();
    }

    @Test
    void bf16InALayoutNotChosenDoesNotMatter() {
        EngineConfig c = decide(with(with(healthy(),
                probe("conv2d 3x3", Probe.Kind.IMAGES, CL, "bf16", Outcome.WRONG)),
                probe("conv2d 1x1 4x256x1x1->1024", Probe.Kind.IMAGES, CL, "fp32", Outcome.CRASHED)), Map.of());
        assertThat(c.layout().images()).isEqualTo(MemoryFormat.CONTIGUOUS);
        assertThat(c.bf16()).isTrue();
    }

    @Test
    void noSafeLayoutMeansUnusable() {
        List<ProbeResult> p = with(with(healthy(),
                probe("conv2d 1x1 4x256x1x1->1024", Probe.Kind.IMAGES, CL, "fp32", Outcome.WRONG)),
                probe("conv2d 1x1 4x256x1x1->1024", Probe.Kind.IMAGES, CO, "fp32", Outcome.FAILED));
        EngineConfig c = decide(p, Map.of());
        assertThat(c.usable()).isFalse();
        assertThat(c.safeLayouts()).isEmpty();
        EngineConfig wrongLinear = decide(with(healthy(), probe("linear", Probe.Kind.IMAGES, "-", "fp32", Outcome.WRONG)), Map.of());
        assertThat(wrongLinear.usable()).as("a layout-free probe rules out every layout").isFalse();
    }

    @Test
    void aRequestedLayoutIsHonouredOnlyWhereItIsRight() {
        EngineConfig asked = EngineDecision.decide(healthy(), Map.of(), Optional.of(MemoryFormat.CONTIGUOUS), true, "test");
        assertThat(asked.layout()).isEqualTo(InputLayout.CONTIGUOUS);
        List<ProbeResult> broken = with(healthy(), probe("conv2d 1x1 4x256x1x1->1024", Probe.Kind.IMAGES, CL, "fp32", Outcome.WRONG));
        assertThatThrownBy(() -> EngineDecision.decide(broken, Map.of(), Optional.of(MemoryFormat.CHANNELS_LAST), true, "test"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("channels-last computes wrong images on this CPU").hasMessageContaining("contiguous");
    }

    @Test
    void withoutNativeOperatorsNothingFallsBack() {
        List<ProbeResult> p = healthy().stream().filter(r -> r.kind() != Probe.Kind.NATIVE && !r.precision().equals("bf16")).toList();
        EngineConfig c = EngineDecision.decide(p, Map.of(), Optional.empty(), false, "test");
        assertThat(c.nativeOps()).isFalse();
        assertThat(c.bf16()).isFalse();
        assertThat(c.fallbacks()).isEmpty();
    }
}
