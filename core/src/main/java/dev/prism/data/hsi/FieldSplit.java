package dev.prism.data.hsi;

import dev.prism.SettingException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A leakage-free split that keeps every class: each class's fields (its 8-connected regions of
 * labelled pixels) go wholly to training or to testing, in a seeded order, until the class has
 * about {@code fraction} of its pixels for training; a class still short (one large field, say)
 * trains on one end of its largest remaining field, cut across its longer axis. Test pixels closer
 * than the {@link Split.Gap} to any training pixel become a buffer used by neither set.
 * Training and test pixels of a class therefore come from spatially separate parts of its own
 * fields; every class with at least two labelled pixels trains.
 *
 * <p>The gap is a guarantee: no test pixel's window contains a training pixel. Where a class's
 * fields are too small for it (every test candidate lies within the gap), the class has no test
 * pixel, it is not scored, and {@code split.txt} says so for it; the gap is never narrowed.
 */
public final class FieldSplit {

    private FieldSplit() {}

    /** The split; {@code kind} is {@code fields} (gap {@link Split.Gap#CENTRE}) or {@code fields-window}. */
    public static Split of(Scene s, double fraction, int window, Split.Gap gap, double valFraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new SettingException("training share", " for a field split must be a fraction in (0, 1), got " + fraction);
        }
        if (window < 1) {
            throw new SettingException("window", " must be >= 1, got " + window);
        }
        Random rng = new Random(seed);
        boolean[] isTrain = new boolean[s.pixels()];
        List<List<Integer>> classes = Split.byClass(s);
        for (List<Integer> pixels : classes) {
            cutFields(s, pixels, fraction, rng, isTrain);
        }
        int radius = gap.radius(window);
        boolean[][] near = new boolean[radius + 1][];
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        List<Integer> buffer = new ArrayList<>();
        String[] notes = new String[classes.size()];
        for (int c = 0; c < classes.size(); c++) {
            List<Integer> candidates = new ArrayList<>();
            for (int p : classes.get(c)) {
                (isTrain[p] ? train : candidates).add(p);
            }
            List<Integer> kept = beyond(candidates, near, radius, isTrain, s);
            if (kept.isEmpty() && !candidates.isEmpty()) {
                notes[c] = "(no test pixel beyond the gap: its fields are too small; not scored)";
            }
            test.addAll(kept);
            candidates.removeAll(kept);
            buffer.addAll(candidates);
        }
        String kind = gap == Split.Gap.CENTRE ? "fields" : "fields-window";
        return Split.carveValidation(s, kind, train, test, buffer, valFraction, rng).withClassNotes(notes);
    }

    /** Candidates farther than {@code r} (Chebyshev) from every training pixel; dilations cached per radius. */
    private static List<Integer> beyond(List<Integer> candidates, boolean[][] near, int r, boolean[] isTrain, Scene s) {
        if (near[r] == null) {
            near[r] = Split.dilate(isTrain, s.rows(), s.cols(), r);
        }
        List<Integer> out = new ArrayList<>();
        for (int p : candidates) {
            if (!near[r][p]) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Marks about {@code fraction} of one class's pixels as training: whole fields first (in a
     * seeded order, each taken while the class stays within 15% over its share), then, if the
     * class is still short, one end of its largest remaining field along that field's longer axis.
     * Whole fields leave no buffer inside them; a cut field gives up the gap's width to it.
     */
    private static void cutFields(Scene s, List<Integer> pixels, double fraction, Random rng, boolean[] isTrain) {
        List<List<Integer>> fields = fields(s, pixels);
        java.util.Collections.shuffle(fields, rng);
        long target = Math.round(fraction * pixels.size());
        long assigned = 0;
        List<List<Integer>> rest = new ArrayList<>();
        for (List<Integer> field : fields) {
            if (assigned + field.size() <= Math.max(1, target * 1.15)) {
                field.forEach(p -> isTrain[p] = true);
                assigned += field.size();
            } else {
                rest.add(field);
            }
        }
        long deficit = target - assigned;
        if (deficit <= 0 || rest.isEmpty()) {
            return;
        }
        List<Integer> field = rest.stream().max(Comparator.comparingInt(List::size)).orElseThrow();
        sortAlongLongerAxis(s, field, rng.nextBoolean());
        for (int i = 0; i < Math.min(deficit, field.size() - 1); i++) {
            isTrain[field.get(i)] = true;
        }
    }

    /** Sorts a field's pixels along the longer side of its bounding box, from either end. */
    static void sortAlongLongerAxis(Scene s, List<Integer> field, boolean fromStart) {
        int minR = Integer.MAX_VALUE;
        int maxR = Integer.MIN_VALUE;
        int minC = Integer.MAX_VALUE;
        int maxC = Integer.MIN_VALUE;
        for (int p : field) {
            minR = Math.min(minR, p / s.cols());
            maxR = Math.max(maxR, p / s.cols());
            minC = Math.min(minC, p % s.cols());
            maxC = Math.max(maxC, p % s.cols());
        }
        Comparator<Integer> axis = maxR - minR >= maxC - minC
                ? Comparator.<Integer>comparingInt(p -> p / s.cols()).thenComparingInt(p -> p % s.cols())
                : Comparator.<Integer>comparingInt(p -> p % s.cols()).thenComparingInt(p -> p / s.cols());
        field.sort(fromStart ? axis : axis.reversed());
    }

    /** The 8-connected components of one class's pixels, in order of their first pixel. */
    static List<List<Integer>> fields(Scene s, List<Integer> pixels) {
        java.util.Set<Integer> left = new java.util.HashSet<>(pixels);
        List<List<Integer>> out = new ArrayList<>();
        for (int start : pixels.stream().sorted().toList()) {
            if (!left.remove(start)) {
                continue;
            }
            List<Integer> field = new ArrayList<>();
            ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(start));
            while (!queue.isEmpty()) {
                int p = queue.poll();
                field.add(p);
                int r = p / s.cols();
                int c = p % s.cols();
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        int rr = r + dr;
                        int cc = c + dc;
                        if (rr >= 0 && rr < s.rows() && cc >= 0 && cc < s.cols() && left.remove(rr * s.cols() + cc)) {
                            queue.add(rr * s.cols() + cc);
                        }
                    }
                }
            }
            out.add(field);
        }
        return out;
    }
}
