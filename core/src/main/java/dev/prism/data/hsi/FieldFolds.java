package dev.prism.data.hsi;

import dev.prism.SettingException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Grouped k-fold cross-validation over fields: every labelled field (an 8-connected region of one
 * class, {@link FieldSplit#fields}) belongs to exactly one fold, so across the k folds every
 * labelled pixel is a test pixel exactly once, and runs with the same fold seed are scored on the
 * same test sets. A class with fewer fields than folds has its largest field cut across its longer
 * axis until it has k pieces. Fields are first dealt, class by class, to the fold holding the
 * fewest of that class's pixels (largest first, seeded order among equal sizes); then a seeded
 * search ({@link Search}) moves fields between folds to keep every class's folds balanced while
 * keeping each fold's test fields together, since every test field takes a ring of the gap's width
 * from the training pixels around it. The search uses the gap of the largest window a study uses
 * ({@link #SEARCH_RADIUS}), so the folds are the same for every window and runs with different
 * windows are scored on the same test sets.
 *
 * <p>In fold f the test set is the whole of fold f. The gap is taken from the training side:
 * a labelled pixel of another fold within the gap's radius (Chebyshev) of any test pixel is buffer,
 * so no test pixel's window contains a training (or validation) pixel and no test pixel is lost. A
 * class left with no training pixel in a fold (its other pieces all lie within the gap) cannot be
 * learnt there: its test pixels of that fold are not scored, and {@code split.txt} says so for it.
 *
 * @param folds k
 * @param foldOf the fold (0-based) of every pixel of the scene, -1 for unlabelled pixels
 * @param classNotes per dense class, how its fields were dealt (null when whole fields sufficed)
 */
public record FieldFolds(int folds, int[] foldOf, String[] classNotes) {

    /** The gap radius the fold search plans for: that of a 25-pixel window, HybridSN's. */
    public static final int SEARCH_RADIUS = 12;

    /** Deals the fields of {@code s} to {@code folds} folds, the order fixed by {@code seed}. */
    public static FieldFolds of(Scene s, int folds, long seed) {
        if (folds < 2) {
            throw new SettingException("folds", " must be >= 2 for cross-validation over fields, got " + folds);
        }
        Random rng = new Random(seed);
        int[] foldOf = new int[s.pixels()];
        Arrays.fill(foldOf, -1);
        List<List<Integer>> classes = Split.byClass(s);
        String[] notes = new String[classes.size()];
        List<int[]> all = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            List<Integer> pixels = classes.get(c);
            if (pixels.size() < folds) {
                throw new Split.Impossible(String.format(Locale.ROOT, "class %s has %d pixels: too few for %d folds",
                        s.classNames().get(c), pixels.size(), folds));
            }
            List<List<Integer>> groups = FieldSplit.fields(s, pixels);
            int whole = groups.size();
            while (groups.size() < folds) {
                cutLargest(s, groups, rng);
            }
            if (groups.size() > whole) {
                notes[c] = String.format(Locale.ROOT, "(%d field%s, cut into %d pieces for %d folds)", whole, whole == 1 ? "" : "s",
                        groups.size(), folds);
            }
            deal(groups, folds, rng, foldOf);
            groups.forEach(g -> all.add(g.stream().mapToInt(Integer::intValue).toArray()));
        }
        new Search(s, folds, all, foldOf).run(rng);
        return new FieldFolds(folds, foldOf, notes);
    }

    /** Shuffles (seeded), sorts largest first (stable) and gives each group to the fold with the fewest pixels so far. */
    private static void deal(List<List<Integer>> groups, int folds, Random rng, int[] foldOf) {
        java.util.Collections.shuffle(groups, rng);
        groups.sort(Comparator.comparingInt((List<Integer> g) -> -g.size()));
        long[] load = new long[folds];
        for (List<Integer> g : groups) {
            int best = 0;
            for (int f = 1; f < folds; f++) {
                if (load[f] < load[best]) {
                    best = f;
                }
            }
            load[best] += g.size();
            for (int p : g) {
                foldOf[p] = best;
            }
        }
    }

    /** Replaces the largest group by its two halves across its longer axis. */
    private static void cutLargest(Scene s, List<List<Integer>> groups, Random rng) {
        List<Integer> largest = groups.stream().max(Comparator.comparingInt(List::size)).orElseThrow();
        groups.remove(largest);
        List<Integer> sorted = new ArrayList<>(largest);
        FieldSplit.sortAlongLongerAxis(s, sorted, rng.nextBoolean());
        int half = sorted.size() / 2;
        groups.add(new ArrayList<>(sorted.subList(0, half)));
        groups.add(new ArrayList<>(sorted.subList(half, sorted.size())));
    }

    /**
     * Simulated annealing over which fold each group (field or piece) tests in. Cost, averaged over
     * classes and folds: the squared relative miss of the class's test share against 1/k, the
     * squared shortfall of the training pixels left beyond the gap against all the class's pixels
     * outside the fold, and a penalty for a class with no test or no training pixel in a fold.
     */
    private static final class Search {
        private static final int ITERATIONS = 6000;
        private static final double MISSING = 20;
        private final Scene s;
        private final int k;
        private final List<int[]> groups;
        private final int[] foldOf;
        private final int[] total;
        private final int[] labelled;

        Search(Scene s, int k, List<int[]> groups, int[] foldOf) {
            this.s = s;
            this.k = k;
            this.groups = groups;
            this.foldOf = foldOf;
            this.labelled = s.labelledPixels();
            this.total = new int[s.classes()];
            for (int p : labelled) {
                total[s.dense(p)]++;
            }
        }

        /** Cost of fold f under the current assignment, per class summed. */
        private double foldCost(int f) {
            boolean[] test = new boolean[s.pixels()];
            for (int p : labelled) {
                test[p] = foldOf[p] == f;
            }
            boolean[] near = Split.dilate(test, s.rows(), s.cols(), SEARCH_RADIUS);
            int[] te = new int[total.length];
            int[] tr = new int[total.length];
            for (int p : labelled) {
                int c = s.dense(p);
                if (test[p]) {
                    te[c]++;
                } else if (!near[p]) {
                    tr[c]++;
                }
            }
            double cost = 0;
            for (int c = 0; c < total.length; c++) {
                double miss = 2 * (te[c] / (double) total[c] - 1.0 / k) * k;
                double shortfall = 1 - tr[c] / (double) Math.max(1, total[c] - te[c]);
                cost += miss * miss + shortfall * shortfall + (te[c] == 0 ? MISSING : 0) + (tr[c] == 0 ? MISSING : 0);
            }
            return cost;
        }

        private void move(int[] group, int fold) {
            for (int p : group) {
                foldOf[p] = fold;
            }
        }

        void run(Random rng) {
            double[] cost = new double[k];
            double cur = 0;
            for (int f = 0; f < k; f++) {
                cost[f] = foldCost(f);
                cur += cost[f];
            }
            int[] best = foldOf.clone();
            double bestCost = cur;
            double t0 = 2;
            double t1 = 1e-3;
            for (int i = 0; i < ITERATIONS; i++) {
                double temp = t0 * Math.pow(t1 / t0, (double) i / ITERATIONS);
                int[] g = groups.get(rng.nextInt(groups.size()));
                int from = foldOf[g[0]];
                int to = (from + 1 + rng.nextInt(k - 1)) % k;
                move(g, to);
                double a = foldCost(from);
                double b = foldCost(to);
                double next = cur - cost[from] - cost[to] + a + b;
                if (next <= cur || rng.nextDouble() < Math.exp((cur - next) / temp)) {
                    cur = next;
                    cost[from] = a;
                    cost[to] = b;
                    if (cur < bestCost) {
                        bestCost = cur;
                        best = foldOf.clone();
                    }
                } else {
                    move(g, from);
                }
            }
            System.arraycopy(best, 0, foldOf, 0, foldOf.length);
        }
    }

    /** The test pixels of fold {@code fold} (0-based): every labelled pixel dealt to it. */
    public int[] testOf(int fold) {
        return java.util.stream.IntStream.range(0, foldOf.length).filter(p -> foldOf[p] == fold).toArray();
    }

    /**
     * Fold {@code fold} (0-based) as a split: its fields test; training pixels are drawn (seeded)
     * from the other folds' pixels beyond {@code radius} of every test pixel, at most
     * {@code trainShare} of each class's pixels (so a cross-validated run trains on as many pixels
     * as a random split with that share), and a validation share is carved from them; every other
     * labelled pixel is buffer, used by neither set. Test pixels of a class without training pixels
     * are buffer too, with a note.
     */
    public Split split(Scene s, int fold, int radius, double trainShare, double valFraction, long seed) {
        if (fold < 0 || fold >= folds) {
            throw new SettingException("fold", " must be in 1.." + folds + ", got " + (fold + 1));
        }
        if (!(trainShare > 0 && trainShare <= 1)) {
            throw new SettingException("training share", " for cross-validation over fields must be a fraction in (0, 1], got " + trainShare);
        }
        Random rng = new Random(seed);
        boolean[] isTest = new boolean[s.pixels()];
        for (int p : testOf(fold)) {
            isTest[p] = true;
        }
        boolean[] near = Split.dilate(isTest, s.rows(), s.cols(), radius);
        List<List<Integer>> eligible = new ArrayList<>();
        for (int c = 0; c < s.classes(); c++) {
            eligible.add(new ArrayList<>());
        }
        int[] total = new int[s.classes()];
        for (int p : s.labelledPixels()) {
            total[s.dense(p)]++;
            if (!isTest[p] && !near[p]) {
                eligible.get(s.dense(p)).add(p);
            }
        }
        boolean[] isTrain = new boolean[s.pixels()];
        List<Integer> train = new ArrayList<>();
        for (int c = 0; c < s.classes(); c++) {
            List<Integer> px = eligible.get(c);
            java.util.Collections.shuffle(px, rng);
            int n = (int) Math.min(px.size(), Math.max(1, Math.round(trainShare * total[c])));
            for (int p : px.subList(0, n)) {
                isTrain[p] = true;
                train.add(p);
            }
        }
        List<Integer> test = new ArrayList<>();
        List<Integer> buffer = new ArrayList<>();
        String[] notes = classNotes.clone();
        for (int p : s.labelledPixels()) {
            int c = s.dense(p);
            if (isTest[p] && !eligible.get(c).isEmpty()) {
                test.add(p);
            } else if (!isTrain[p]) {
                buffer.add(p);
                if (isTest[p]) {
                    notes[c] = "(no training pixel beyond the gap in this fold: its test pixels are not scored)";
                }
            }
        }
        return Split.carveValidation(s, "fields-kfold", train, test, buffer, valFraction, rng).withClassNotes(notes);
    }
}
