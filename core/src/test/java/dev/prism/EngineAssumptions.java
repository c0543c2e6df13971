package dev.prism;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prism.engine.EngineCheck;
import dev.prism.nn.Autocast;
import dev.prism.nn.TorchOps;

/**
 * JUnit assumptions for tests that need what a machine may lack: such a test is skipped with the
 * reason, never failed, where the native operators are off (no g++ at build time, another platform,
 * {@code -Dprism.nativeOps=false}, or the engine self-check found them wrong on this CPU) or
 * bfloat16 is refused. The self-check runs first, so its verdicts are in force.
 */
public final class EngineAssumptions {

    private EngineAssumptions() {}

    public static void assumeNativeOps() {
        EngineCheck.check();
        assumeTrue(TorchOps.available(), () -> "Prism's native operators are off: " + TorchOps.whyUnavailable());
    }

    /** Channels-last image convolutions are right here (the engine self-check found no wrong kernel in them). */
    public static void assumeChannelsLastImages() {
        assumeTrue(EngineCheck.check().safeLayouts().stream()
                        .anyMatch(l -> l.images() == dev.prism.nn.MemoryFormat.CHANNELS_LAST),
                "channels-last convolutions are wrong on this CPU (prism doctor)");
    }

    public static void assumeBf16() {
        EngineCheck.check();
        assumeTrue(Autocast.whyUnavailable() == null, () -> "bf16 is not available here: " + Autocast.whyUnavailable());
    }
}
