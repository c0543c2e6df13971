package dev.prism.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.cli.CliRun;
import dev.prism.nn.InputLayout;
import org.junit.jupiter.api.Test;

/** The self-check on this machine, through the process-wide entry and {@code prism doctor}. */
class EngineCheckTest {

    @Test
    void thisMachineHasASafeLayoutAndTheSelectedOneIsAmongThem() {
        EngineConfig c = EngineCheck.check();
        assertThat(c.usable()).isTrue();
        assertThat(c.safeLayouts()).contains(c.layout());
        assertThat(EngineCheck.check()).as("the same configuration on every later call").isSameAs(c);
        CheckReport r = EngineCheck.report();
        assertThat(r.probes()).hasSameSizeAs(Probes.all());
        assertThat(r.cpu().vendor()).isNotBlank();
        // every probe of a layout the check calls safe passed: the plain-Java references agree with libtorch here
        for (InputLayout l : c.safeLayouts()) {
            assertThat(r.probes()).filteredOn(p -> p.precision().equals("fp32") && p.layout().equals(l.images().label())
                    && p.kind() == Probe.Kind.IMAGES).isNotEmpty().allMatch(ProbeResult::passed);
        }
    }

    @Test
    void doctorPrintsTheTableAndReadsTheCacheTheSecondTime() {
        EngineCheck.check(); // cached by now
        CliRun first = CliRun.of("doctor");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("CPU:").contains("conv2d 1x1 4x256x1x1->1024").contains("channels-last")
                .contains("Selected: images ");
        CliRun json = CliRun.of("doctor", "--json");
        assertThat(json.code()).isZero();
        var tree = com.google.gson.JsonParser.parseString(json.out()).getAsJsonObject();
        assertThat(tree.get("usable").getAsBoolean()).isTrue();
        assertThat(tree.getAsJsonObject("report").get("checkedAt").getAsString())
                .as("read from the cache, not probed again").isEqualTo(EngineCheck.report().checkedAt());
        assertThat(tree.getAsJsonObject("report").getAsJsonArray("probes")).hasSize(Probes.all().size());
        var failures = com.google.gson.JsonParser.parseString(CliRun.of("doctor", "--json", "--failures").out()).getAsJsonObject();
        assertThat(failures.getAsJsonArray("failures")).as("--failures with --json").hasSize(EngineCheck.report().failures().size());
    }

    @Test
    void theCacheKeyFollowsTheEngineSettings() {
        String key = EngineCheck.key();
        String before = System.getProperty("prism.nativeOps");
        System.setProperty("prism.nativeOps", "false");
        try {
            assertThat(EngineCheck.key()).isNotEqualTo(key);
        } finally {
            if (before == null) {
                System.clearProperty("prism.nativeOps");
            } else {
                System.setProperty("prism.nativeOps", before);
            }
        }
        assertThat(EngineCheck.key()).isEqualTo(key);
    }
}
