package dev.prism.data.hsi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.SharedData;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FieldFoldsTest {

    static Stream<Arguments> scenes() throws Exception {
        return Stream.of(Arguments.of(SceneLoader.bundled(), 25, 5),
                Arguments.of(SceneLoader.registered(SceneRegistry.get("salinas-a"), SharedData.root().resolve("data/salinas_a")), 25, 5),
                Arguments.of(SceneLoader.bundled(), 9, 4));
    }

    /**
     * The protocol's guarantee, checked pixel by pixel: in every fold no scored test pixel has a
     * training or validation pixel within its window, and across the folds every labelled pixel is
     * scored at most once; those never scored belong to a class the split notes as unlearnable there.
     */
    @ParameterizedTest
    @MethodSource("scenes")
    void noTestWindowHoldsATrainingPixelAndEveryPixelIsTestedOnce(Scene s, int window, int k) {
        FieldFolds folds = FieldFolds.of(s, k, 7);
        int radius = window / 2;
        int[] timesTested = new int[s.pixels()];
        int scored = 0;
        for (int f = 0; f < k; f++) {
            Split split = folds.split(s, f, radius, 1, 0.1, 3);
            boolean[] seen = new boolean[s.pixels()];
            for (int[] set : new int[][] {split.train(), split.val()}) {
                for (int p : set) {
                    seen[p] = true;
                }
            }
            boolean[] near = Split.dilate(seen, s.rows(), s.cols(), radius);
            for (int p : split.test()) {
                assertThat(near[p]).as("fold %d: a training pixel within %d of test pixel %d", f + 1, radius, p).isFalse();
                assertThat(folds.foldOf()[p]).isEqualTo(f);
                timesTested[p]++;
            }
            scored += split.test().length;
            for (int p : split.buffer()) {
                if (folds.foldOf()[p] == f) {
                    assertThat(split.classNotes()[s.dense(p)]).as("an unscored test pixel's class says why").contains("not scored");
                }
            }
            assertThat(split.train().length + split.val().length + split.test().length + split.buffer().length)
                    .isEqualTo(s.labelledPixels().length);
        }
        for (int p : s.labelledPixels()) {
            assertThat(timesTested[p]).isLessThanOrEqualTo(1);
        }
        assertThat(scored).as("most labelled pixels are scored").isGreaterThan(s.labelledPixels().length / 2);
    }

    @ParameterizedTest
    @MethodSource("scenes")
    void foldsAreFixedByTheSeedAndBalancedPerClass(Scene s, int window, int k) {
        FieldFolds a = FieldFolds.of(s, k, 7);
        assertThat(FieldFolds.of(s, k, 7).foldOf()).isEqualTo(a.foldOf());
        assertThat(FieldFolds.of(s, k, 8).foldOf()).isNotEqualTo(a.foldOf());
        int[][] n = new int[s.classes()][k];
        for (int p : s.labelledPixels()) {
            n[s.dense(p)][a.foldOf()[p]]++;
        }
        for (int c = 0; c < s.classes(); c++) {
            for (int f = 0; f < k; f++) {
                assertThat(n[c][f]).as("class %s in fold %d", s.classNames().get(c), f + 1).isPositive();
            }
        }
    }
}
