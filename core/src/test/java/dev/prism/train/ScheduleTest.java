package dev.prism.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static TrainConfig cfg(Schedule s, double warmup) {
        return TrainConfig.builder().optEpochs(10).optBatchSize(32).optLearningRate(0.1).optSchedule(s).optWarmupEpochs(warmup)
                .optStepEvery(3).optStepGamma(0.5).optSeed(1).build();
    }

    @Test
    void oneCycleRisesToThePeakAtThirtyPercentThenFalls() {
        TrainConfig c = cfg(Schedule.ONECYCLE, 0);
        long total = 1000;
        assertThat(Schedule.ONECYCLE.lr(c, 0, total, 100)).isCloseTo(0.1 / 25, within(1e-9));
        assertThat(Schedule.ONECYCLE.lr(c, 299, total, 100)).isCloseTo(0.1, within(1e-9));
        assertThat(Schedule.ONECYCLE.lr(c, 999, total, 100)).isCloseTo(0.1 / 25 / 1e4, within(1e-12));
        assertThat(Schedule.ONECYCLE.lr(c, 650, total, 100)).isBetween(0.04, 0.06);
    }

    @Test
    void warmupStepAndCosine() {
        TrainConfig w = cfg(Schedule.CONSTANT, 1);
        assertThat(Schedule.CONSTANT.lr(w, 0, 1000, 100)).isCloseTo(0.1 * (0.1 + 0.9 / 100), within(1e-12));
        assertThat(Schedule.CONSTANT.lr(w, 99, 1000, 100)).isCloseTo(0.1, within(1e-12));
        assertThat(Schedule.CONSTANT.lr(w, 500, 1000, 100)).isEqualTo(0.1);
        TrainConfig s = cfg(Schedule.STEP, 0);
        assertThat(Schedule.STEP.lr(s, 299, 1000, 100)).isCloseTo(0.1, within(1e-12));
        assertThat(Schedule.STEP.lr(s, 300, 1000, 100)).isCloseTo(0.05, within(1e-12));
        TrainConfig cos = cfg(Schedule.COSINE, 0);
        assertThat(Schedule.COSINE.lr(cos, 500, 1000, 100)).isCloseTo(0.05, within(1e-9));
        assertThat(Schedule.COSINE.lr(cos, 1000, 1000, 100)).isCloseTo(0, within(1e-12));
    }
}
