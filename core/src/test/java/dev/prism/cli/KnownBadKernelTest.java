package dev.prism.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * End to end, in a second JVM: on a machine where a kernel kills its process (injected for real: a
 * write to address 0 in the self-check's child JVM, standing in for oneDNN's SIGFPE on an AMD EPYC
 * VM), a Prism command survives, says in one line what it avoided, and runs on the layout that is
 * right; the verdict is cached for the next command.
 */
class KnownBadKernelTest {

    private static final String CRASH = "-Dprism.engineCheck.inject=conv2d-1x1/4x256x1x1->1024/channels-last=crash";

    @Test
    void aCrashingKernelIsCaughtAndCommandsRunOnTheSafeLayout() throws Exception {
        Path cache = Files.createTempDirectory("prism-engine-cache-");
        List<String> jvm = List.of("-Dprism.cacheDir=" + cache, CRASH);
        CliRun verify = CliProcess.run(jvm, "verify", SharedData.golden("senet18.json").toString(),
                SharedData.golden("mobilenet_v1_0.5.json").toString());
        assertThat(verify.code()).as(verify.out()).isZero();
        assertThat(verify.out())
                .contains("prism: engine self-check: channels-last images are wrong on this CPU"
                        + " (conv2d 1x1 4x256x1x1->1024 channels-last fp32: crashed)")
                .contains("Using images contiguous, volumes contiguous")
                .contains("2 passed, 0 failed");
        assertThat(verify.out().lines().filter(l -> l.startsWith("prism: engine self-check")).count()).isEqualTo(1);

        CliRun doctor = CliProcess.run(jvm, "doctor", "--failures");
        assertThat(doctor.code()).as(doctor.out()).isZero();
        assertThat(doctor.out()).contains("CRASHED").contains("SIGSEGV").contains("Selected: images contiguous")
                .contains("(" + dev.prism.engine.Probes.all().size() + " probes, ");
        try (var files = Files.list(cache)) {
            assertThat(files.toList()).as("one cached verdict").hasSize(1);
        }
    }
}
