package dev.prism.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChildTest {

    /** A child that hangs with its output open fails the test within the limit, with what it printed, and is gone afterwards. */
    @Test
    void aHangingChildFailsWithinItsLimit() {
        long t0 = System.nanoTime();
        ProcessBuilder hang = new ProcessBuilder("bash", "-c", "echo started; sleep 600");
        assertThatThrownBy(() -> Child.run(hang, Duration.ofSeconds(2))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("did not finish within PT2S").hasMessageContaining("started");
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds until the failure").isLessThan(60);
    }

    @Test
    void aChildThatEndsGivesItsCodeAndOutput() throws Exception {
        Child c = Child.run(new ProcessBuilder("bash", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(30));
        assertThat(c.code()).isEqualTo(3);
        assertThat(c.out()).contains("out").contains("err");
    }
}
