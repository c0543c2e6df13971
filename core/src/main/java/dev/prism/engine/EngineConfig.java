package dev.prism.engine;

import dev.prism.nn.InputLayout;
import java.util.List;

/**
 * The engine configuration the self-check selected for this machine.
 *
 * @param layout the memory formats network inputs are handed over in
 * @param safeLayouts every layout whose probes all passed (empty when none did)
 * @param nativeOps whether Prism's own libtorch operators are used
 * @param bf16 whether bfloat16 mixed precision may be used
 * @param bf16Note why bfloat16 is refused (null when it is allowed)
 * @param fallbacks what had to be avoided on this machine, one sentence each (empty on a healthy one)
 * @param basis how the configuration was reached (a self-check and when, or "not checked")
 */
public record EngineConfig(
        InputLayout layout,
        List<InputLayout> safeLayouts,
        boolean nativeOps,
        boolean bf16,
        String bf16Note,
        List<String> fallbacks,
        String basis) {

    /** Copies the lists, so that a configuration never changes after it is made. */
    public EngineConfig {
        safeLayouts = List.copyOf(safeLayouts);
        fallbacks = List.copyOf(fallbacks);
    }

    /** Whether some layout computes correctly; when not, no network can be trusted here. */
    public boolean usable() {
        return !safeLayouts.isEmpty();
    }

    /**
     * This configuration with {@code preferred} as its layout when the self-check found that layout
     * right here too, else unchanged: a cluster's executor computes in the driver's layout where it
     * may, so that its rounds round as the driver's process would (the speed probe, which picks
     * among the right layouts, can pick differently on a loaded machine).
     */
    public EngineConfig preferring(InputLayout preferred) {
        if (preferred == null || preferred.equals(layout) || !safeLayouts.contains(preferred)) {
            return this;
        }
        return new EngineConfig(preferred, safeLayouts, nativeOps, bf16, bf16Note, fallbacks,
                basis + "; layout " + preferred.describe() + " as the driver's");
    }

    /** One line for provenance and logs. */
    public String describe() {
        return layout.describe() + "; native operators " + (nativeOps ? "on" : "off") + "; bf16 "
                + (bf16 ? "allowed" : "refused") + "; " + basis
                + (fallbacks.isEmpty() ? "" : "; fell back: " + String.join("; ", fallbacks));
    }
}
