package dev.prism.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LayersTest {

    @Test
    void makeDivisibleMatchesTorchvision() {
        assertThat(Layers.makeDivisible(32 * 0.5, 8)).isEqualTo(16);
        assertThat(Layers.makeDivisible(24 * 0.75, 8)).isEqualTo(24); // 18 -> 16 would lose > 10%
        assertThat(Layers.makeDivisible(3, 8)).isEqualTo(8);
        assertThat(Layers.makeDivisible(1280 * 1.4, 8)).isEqualTo(1792);
        assertThat(Layers.makeDivisible(20, 8)).isEqualTo(24);
    }
}
