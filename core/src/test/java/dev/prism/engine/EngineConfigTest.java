package dev.prism.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.nn.InputLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An executor takes the driver's layout only where its own self-check found that layout right. */
class EngineConfigTest {

    private static EngineConfig config(InputLayout layout, List<InputLayout> safe) {
        return new EngineConfig(layout, safe, true, false, "no bf16 here", List.of(), "self-check of today");
    }

    @Test
    void theDriversLayoutIsTakenWhereItIsSafeHere() {
        EngineConfig here = config(InputLayout.CONTIGUOUS, List.of(InputLayout.CONTIGUOUS, InputLayout.CHANNELS_LAST));
        EngineConfig driver = here.preferring(InputLayout.CHANNELS_LAST);
        assertThat(driver.layout()).isEqualTo(InputLayout.CHANNELS_LAST);
        assertThat(driver.safeLayouts()).isEqualTo(here.safeLayouts());
        assertThat(driver.nativeOps()).isEqualTo(here.nativeOps());
        assertThat(driver.basis()).startsWith("self-check of today").contains("as the driver's");
        assertThat(here.preferring(InputLayout.CONTIGUOUS)).as("already its own").isSameAs(here);
        assertThat(here.preferring(null)).isSameAs(here);
    }

    @Test
    void aLayoutTheSelfCheckFoundWrongHereIsNeverTaken() {
        EngineConfig here = config(InputLayout.CONTIGUOUS, List.of(InputLayout.CONTIGUOUS));
        assertThat(here.preferring(InputLayout.CHANNELS_LAST)).isSameAs(here);
        EngineConfig none = config(InputLayout.CONTIGUOUS, List.of());
        assertThat(none.preferring(InputLayout.CHANNELS_LAST).layout()).isEqualTo(InputLayout.CONTIGUOUS);
    }
}
