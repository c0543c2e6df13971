package dev.prism.data.hsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldSplitTest {

    private static final int WINDOW = 25;

    private static int chebyshev(Scene s, int p, int q) {
        return Math.max(Math.abs(p / s.cols() - q / s.cols()), Math.abs(p % s.cols() - q % s.cols()));
    }

    @Test
    void onIndianPinesEveryClassTrainsAndNoTestWindowHoldsATrainingPixel() throws Exception {
        Scene s = SceneLoader.bundled();
        Split f = FieldSplit.of(s, 0.3, WINDOW, Split.Gap.CENTRE, 0, 42);
        assertThat(f.kind()).isEqualTo("fields");
        int[][] n = new int[s.classes()][3];
        for (int p : f.train()) {
            n[s.dense(p)][0]++;
        }
        for (int p : f.test()) {
            n[s.dense(p)][1]++;
        }
        for (int p : s.labelledPixels()) {
            n[s.dense(p)][2]++;
        }
        for (int c = 0; c < s.classes(); c++) {
            assertThat(n[c][0]).as("training pixels of class %s", s.classNames().get(c)).isPositive();
            if (n[c][1] == 0) {
                assertThat(f.classNotes()[c]).as("a class without test pixels says so").contains("not scored");
            }
            assertThat((double) n[c][0] / n[c][2]).as("training share of %s", s.classNames().get(c)).isBetween(0.2, 0.45);
        }
        // the gap is never narrowed: no training pixel is inside any test window
        int radius = Split.Gap.CENTRE.radius(WINDOW);
        String[] notes = f.classNotes();
        for (int t : f.test()) {
            for (int p : f.train()) {
                assertThat(chebyshev(s, t, p)).isGreaterThan(radius);
            }
        }
        assertThat(f.test().length).as("test pixels with the full gap").isGreaterThan(500);
        assertThat(f.test().length + f.buffer().length + f.train().length).isEqualTo(s.labelledPixels().length);
        String table = f.describe(s);
        assertThat(table).contains("total");
        for (String note : notes) {
            if (note != null) {
                assertThat(table).contains(note);
            }
        }
    }

    @Test
    void theSeedDecidesWhichEndTrains() throws Exception {
        Scene s = SceneLoader.bundled();
        Split a = FieldSplit.of(s, 0.3, WINDOW, Split.Gap.CENTRE, 0, 1);
        assertThat(FieldSplit.of(s, 0.3, WINDOW, Split.Gap.CENTRE, 0, 1).train()).as("same seed").isEqualTo(a.train());
        assertThat(Arrays.equals(FieldSplit.of(s, 0.3, WINDOW, Split.Gap.CENTRE, 0, 2).train(), a.train())).isFalse();
    }

    @Test
    void fieldsAreEightConnectedRegionsOfOneClass() throws Exception {
        // 4 x 6 scene, class 1 at (0,0), (1,1) (diagonal: one field) and (3,5) (another field)
        int rows = 4;
        int cols = 6;
        int[] gt = new int[rows * cols];
        gt[0] = 1;
        gt[cols + 1] = 1;
        gt[3 * cols + 5] = 1;
        gt[2] = 2;
        gt[3] = 2;
        Scene s = new Scene("tiny", rows, cols, 1, new float[rows * cols], gt, new int[] {1, 2}, List.of("a", "b"),
                new int[] {0, 0, 0}, "none");
        List<List<Integer>> fields = FieldSplit.fields(s, Split.byClass(s).get(0));
        assertThat(fields).hasSize(2);
        assertThat(fields.get(0)).containsExactlyInAnyOrder(0, cols + 1);
        assertThatThrownBy(() -> FieldSplit.of(s, 1.5, 3, Split.Gap.CENTRE, 0, 1)).hasMessageContaining("fraction in (0, 1), got 1.5");
    }
}
