package dev.prism.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.engine.ProbeResult.Outcome;
import dev.prism.nn.MemoryFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The child-JVM probe runner with real faults injected: a probe that kills its JVM (a write to
 * address 0, as a faulting kernel does) is marked crashed with the signal, and the probes after it
 * still run in a new child.
 */
class ChildProbesTest {

    /** The SIGFPE case seen on an AMD EPYC VM: channels-last 1x1 convolution, 4x256x1x1 to 1024 outputs. */
    static final String AMD_CASE = "conv2d-1x1/4x256x1x1->1024/channels-last/fp32";
    private static final String SMALL_DEPTHWISE = "depthwise-3x3/4x32x1x1->32/contiguous/fp32";
    private static final String SMALL_CONV = "conv2d-3x3/4x16x1x1->32/contiguous/fp32";

    private static ChildProbes children(String inject) {
        return new ChildProbes(List.of("-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                Duration.ofMinutes(2), inject);
    }

    @Test
    void aCrashingProbeIsMarkedWithItsSignalAndTheRestStillRun() throws Exception {
        List<Probe> probes = List.of(Probes.byId(AMD_CASE), Probes.byId(SMALL_DEPTHWISE), Probes.byId(SMALL_CONV));
        ChildProbes.Outcome o = children(AMD_CASE + "=crash;" + SMALL_DEPTHWISE + "=wrong").run(probes, List.of());
        Map<String, ProbeResult> byId = o.results().stream()
                .collect(java.util.stream.Collectors.toMap(ProbeResult::id, r -> r));
        assertThat(byId).containsOnlyKeys(AMD_CASE, SMALL_DEPTHWISE, SMALL_CONV);
        assertThat(byId.get(AMD_CASE).outcome()).isEqualTo(Outcome.CRASHED);
        assertThat(byId.get(AMD_CASE).detail()).contains("the JVM died").contains("SIGSEGV");
        assertThat(byId.get(SMALL_DEPTHWISE).outcome()).isEqualTo(Outcome.WRONG);
        assertThat(byId.get(SMALL_CONV).outcome()).isEqualTo(Outcome.PASS);
        assertThat(byId.get(SMALL_CONV).error()).isLessThan(Probe.FP32_TOLERANCE);
        assertThat(o.notes()).singleElement().asString().startsWith(AMD_CASE);
    }

    @Test
    void aCrashInASpeedWorkloadRulesItsLayoutOut() throws Exception {
        ChildProbes.Outcome o = children("images/channels-last=crash")
                .run(List.of(Probes.byId(SMALL_CONV)), List.of("images/channels-last", "images/contiguous"));
        assertThat(o.results()).anySatisfy(r -> {
            assertThat(r.id()).isEqualTo("speed/images/channels-last");
            assertThat(r.outcome()).isEqualTo(Outcome.CRASHED);
            assertThat(r.layout()).isEqualTo("channels-last");
        });
        assertThat(o.speedMillis()).containsOnlyKeys("images/contiguous");
        EngineConfig c = EngineDecision.decide(o.results(), o.speedMillis(), java.util.Optional.empty(), false, "test");
        assertThat(c.layout().images()).isEqualTo(MemoryFormat.CONTIGUOUS);
    }

    @Test
    void theWholeCheckFallsBackFromACrashingKernelToTheLayoutThatIsRight() {
        CheckReport r = EngineCheck.run("test", List.of(), AMD_CASE + "=crash");
        assertThat(r.probes()).hasSameSizeAs(Probes.all());
        // the injected crash; on a CPU with real wrong kernels (an AMD EPYC VM) other channels-last probes fail too
        assertThat(r.failures()).anySatisfy(f -> {
            assertThat(f.id()).isEqualTo(AMD_CASE);
            assertThat(f.outcome()).isEqualTo(ProbeResult.Outcome.CRASHED);
        });
        assertThat(r.failures()).filteredOn(f -> f.precision().equals("fp32"))
                .allSatisfy(f -> assertThat(f.layout()).isNotEqualTo("contiguous"));
        EngineConfig c = EngineDecision.decide(r.probes(), r.speedMillis(), java.util.Optional.empty(), true, "test");
        assertThat(c.layout().images()).isEqualTo(MemoryFormat.CONTIGUOUS);
        assertThat(c.fallbacks()).anySatisfy(f -> assertThat(f)
                .contains("channels-last images are wrong on this CPU").contains("conv2d 1x1 4x256x1x1->1024").contains("crashed"));
        assertThat(r.speedMillis()).as("the crashed layout is not timed").doesNotContainKey("images/channels-last");
        assertThat(c.usable()).isTrue();
    }

    @Test
    void theChildsClassPathIsAbsoluteAndHoldsPrism() throws Exception {
        String cp = ChildProbes.absoluteClassPath();
        for (String e : cp.split(java.io.File.pathSeparator)) {
            assertThat(java.nio.file.Path.of(e).isAbsolute()).as(e).isTrue();
        }
        assertThat(cp.split(java.io.File.pathSeparator))
                .contains(java.nio.file.Path.of(ProbeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    }
}
