package dev.prism.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArraySamplesTest {

    @Test
    void fillsRowsAndRefusesInconsistentArrays() {
        ArraySamples s = new ArraySamples(new long[] {1, 2}, 3, new float[] {1, 2, 3, 4, 5, 6}, new int[] {0, 2, 1});
        float[] dest = new float[4];
        s.fill(2, dest, 1, null);
        assertThat(dest).containsExactly(0, 5, 6, 0);
        assertThat(s.label(1)).isEqualTo(2);
        assertThatThrownBy(() -> new ArraySamples(new long[] {1, 2}, 3, new float[5], new int[] {0, 1, 2}))
                .hasMessageContaining("5 values do not hold 3 samples of 2");
        assertThatThrownBy(() -> new ArraySamples(new long[] {2}, 3, new float[4], new int[] {0, 3}))
                .hasMessageContaining("label 3 of sample 1 is outside [0, 3)");
        ArraySamples r = ArraySamples.random(new long[] {3}, 4, 5, 9);
        assertThat(r.size()).isEqualTo(5);
        assertThat(ArraySamples.random(new long[] {3}, 4, 5, 9).label(4)).as("seeded").isEqualTo(r.label(4));
    }
}
