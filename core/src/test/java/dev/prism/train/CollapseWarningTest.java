package dev.prism.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The collapse warning: raised while training accuracy sits at the majority share, and corrected when the run leaves it. */
class CollapseWarningTest {

    /** 100 samples of 4 classes, 40 of them class 0: the majority share is 40%. */
    private static final ArraySamples DATA = new ArraySamples(new long[] {1}, 4, new float[100],
            IntStream.range(0, 100).map(i -> i < 40 ? 0 : 1 + i % 3).toArray());

    /** The warnings a run with these training accuracies (epochs 1, 2, ...) leaves, and what it prints. */
    private static final class Run {
        final List<EpochRecord> history = new ArrayList<>();
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String warning;

        Run(List<EpochRecord> earlier, double... accuracies) {
            history.addAll(earlier);
            TrainingContext context = (TrainingContext) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {TrainingContext.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "trainSamples" -> DATA;
                        case "trainIndices" -> IntStream.range(0, DATA.size()).toArray();
                        case "history" -> List.copyOf(history);
                        case "warn" -> {
                            warning = (String) args[0];
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            CollapseWarning listener = new CollapseWarning(new PrintStream(printed, true));
            listener.onTrainingBegin(context);
            for (double accuracy : accuracies) {
                EpochRecord r = epoch(history.size() + 1, accuracy);
                history.add(r);
                listener.onEpoch(context, r, false);
            }
        }
    }

    private static EpochRecord epoch(int n, double accuracy) {
        return new EpochRecord(n, 1.0, accuracy, Double.NaN, Double.NaN, 0.001, 1, 100, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void aRunThatTrainsIsNotWarnedAbout() {
        Run run = new Run(List.of(), 30, 41.5, 60, 80);
        assertThat(run.warning).isNull();
        assertThat(run.printed.toString()).isEmpty();
    }

    @Test
    void accuracyAtTheMajorityShareFromTheThirdEpochIsACollapse() {
        Run run = new Run(List.of(), 30, 38, 40.9, 39);
        assertThat(run.warning).isEqualTo("training accuracy 39.00% is stuck at the majority-class share (40.00%) after 4 epochs:"
                + " the network has collapsed to one class");
        assertThat(run.printed.toString().lines()).hasSize(2).allMatch(l -> l.startsWith("WARNING: training accuracy"));
    }

    @Test
    void aRunThatLeavesTheMajorityShareIsCalledASlowStartNotACollapse() {
        Run run = new Run(List.of(), 30, 38, 40, 39, 55, 90);
        assertThat(run.warning).isEqualTo("training accuracy stayed at the majority-class share (40.00%) until epoch 4,"
                + " then rose to 90.00% by epoch 6: a slow start, not a collapse");
        List<String> printed = run.printed.toString().lines().toList();
        assertThat(printed).hasSize(3); // epochs 3 and 4, then the recovery once, at epoch 5
        assertThat(printed.get(2)).contains("until epoch 4, then rose to 55.00% by epoch 5");
    }

    @Test
    void aResumedRunRemembersTheStallOfItsEarlierEpochs() {
        Run run = new Run(List.of(epoch(1, 30), epoch(2, 38), epoch(3, 40), epoch(4, 70)), 92);
        assertThat(run.warning).contains("until epoch 3, then rose to 92.00% by epoch 5");
        assertThat(run.printed.toString()).isEmpty();
    }
}
