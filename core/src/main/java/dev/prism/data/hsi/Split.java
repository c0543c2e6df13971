package dev.prism.data.hsi;

import dev.prism.SettingException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Train / validation / test pixels of a scene, all seeded.
 *
 * <ul>
 *   <li>{@link #stratified}: per class, a fraction (the paper's 30%) or a count of pixels for
 *       training, the rest for testing;
 *   <li>{@link #disjoint}: spatially disjoint blocks: whole blocks go to training, chosen so each
 *       class gets close to its share, and test pixels are only those far enough from every
 *       training pixel ({@link Gap}); the pixels in between are a buffer used by neither. This
 *       measures what random pixel splits hide: neighbouring, overlapping windows in both sets.
 * </ul>
 *
 * A validation set is carved from the training pixels, per class.
 */
public record Split(String kind, int[] train, int[] val, int[] test, int[] buffer, String[] classNotes) {

    /** A split without per-class notes. */
    public Split(String kind, int[] train, int[] val, int[] test, int[] buffer) {
        this(kind, train, val, test, buffer, null);
    }

    /** The training, validation and test pixels as the training loop takes them. */
    public dev.prism.train.Partition partition() {
        return new dev.prism.train.Partition(train, val, test);
    }

    /** This split with a note per dense class index (null entries for none), shown by {@link #describe}. */
    public Split withClassNotes(String[] notes) {
        return new Split(kind, train, val, test, buffer, notes.clone());
    }

    /** Mask codes written to {@code masks.npy}. */
    public static final int NONE = 0;
    public static final int TRAIN = 1;
    public static final int VAL = 2;
    public static final int TEST = 3;
    public static final int BUFFER = 4;

    /**
     * A split the scene cannot support (too small for a spatially disjoint split): a property of
     * the data, not a bad option, so a study reports the protocol as impossible and goes on.
     */
    public static final class Impossible extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        /** @param message why the split cannot be made on this scene */
        public Impossible(String message) {
            super(message);
        }
    }

    /** How far test pixels must stay from training pixels in a spatially disjoint split. */
    public enum Gap {
        /** Test windows never overlap training windows: Chebyshev distance >= window. */
        WINDOW("disjoint"),
        /**
         * No test pixel lies inside any training window: distance > window / 2. Test windows may
         * share context with training windows, but no test pixel's spectrum is ever trained on.
         */
        CENTRE("disjoint-centre");

        /** The split's name on the command line and in reports. */
        public final String kind;

        Gap(String kind) {
            this.kind = kind;
        }

        /** Labelled pixels within this Chebyshev distance of a training pixel are buffer. */
        public int radius(int window) {
            return this == WINDOW ? window - 1 : window / 2;
        }
    }

    /** Pixel codes over the whole scene. */
    public int[] mask(int pixels) {
        int[] m = new int[pixels];
        for (int p : train) {
            m[p] = TRAIN;
        }
        for (int p : val) {
            m[p] = VAL;
        }
        for (int p : test) {
            m[p] = TEST;
        }
        for (int p : buffer) {
            m[p] = BUFFER;
        }
        return m;
    }

    static List<List<Integer>> byClass(Scene s) {
        List<List<Integer>> out = new ArrayList<>();
        for (int c = 0; c < s.classes(); c++) {
            out.add(new ArrayList<>());
        }
        for (int p : s.labelledPixels()) {
            out.get(s.dense(p)).add(p);
        }
        return out;
    }

    /**
     * @param amount fraction in (0, 1) of each class, or a count >= 1 per class
     */
    public static Split stratified(Scene s, double amount, double valFraction, long seed) {
        if (!(amount > 0) || Double.isInfinite(amount) || amount >= 1 && amount != Math.rint(amount)) {
            throw new SettingException("training share", " must be a fraction in (0, 1) or a whole number of pixels per class >= 1, got "
                    + amount);
        }
        Random rng = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        List<List<Integer>> classes = byClass(s);
        for (int c = 0; c < classes.size(); c++) {
            List<Integer> px = new ArrayList<>(classes.get(c));
            java.util.Collections.shuffle(px, rng);
            int n;
            if (amount < 1) {
                if (px.size() < 2) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "class %d (%s) has %d pixel: too few for a train/test split", s.labels()[c], s.classNames().get(c), px.size()));
                }
                n = Math.min(px.size() - 1, Math.max(1, (int) Math.round(amount * px.size())));
            } else {
                n = (int) amount;
                if (px.size() <= n) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "class %d (%s) has %d pixels: too few for %d training pixels plus a test set",
                            s.labels()[c], s.classNames().get(c), px.size(), n));
                }
            }
            train.addAll(px.subList(0, n));
            test.addAll(px.subList(n, px.size()));
        }
        return carveValidation(s, "stratified", train, test, new ArrayList<>(), valFraction, rng);
    }

    /**
     * A spatially disjoint split: the scene is cut into square blocks of side about half a window,
     * each block goes wholly to training or not, and test pixels are only those beyond the
     * {@link Gap} from every training pixel; labelled pixels closer than that are a buffer used by
     * neither set.
     *
     * <p>Which blocks train is searched (seeded simulated annealing over block flips) to bring
     * every class's training share close to {@code fraction} while keeping as many test pixels as
     * the buffer allows: scattered training blocks would surround every test pixel with a buffer,
     * so the search favours compact training regions. A class whose pixels all lie within one
     * gap of each other cannot appear on both sides; such classes are reported by
     * {@link #describe}.
     */
    public static Split disjoint(Scene s, double fraction, int window, Gap gap, double valFraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new SettingException("training share", " for a disjoint split must be a fraction in (0, 1), got " + fraction);
        }
        if (window < 1) {
            throw new SettingException("window", " must be >= 1, got " + window);
        }
        Random rng = new Random(seed);
        int radius = gap.radius(window);
        BlockSearch search = new BlockSearch(s, fraction, radius, Math.max(4, (window + 1) / 2));
        boolean[] trainBlock = search.run(rng);
        boolean[] isTrain = search.trainPixels(trainBlock);
        boolean[] near = dilate(isTrain, s.rows(), s.cols(), radius);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        List<Integer> buffer = new ArrayList<>();
        for (int p : s.labelledPixels()) {
            if (isTrain[p]) {
                train.add(p);
            } else {
                (near[p] ? buffer : test).add(p);
            }
        }
        return carveValidation(s, gap.kind, train, test, buffer, valFraction, rng);
    }

    /** Simulated annealing over which blocks are training blocks; see {@link #disjoint}. */
    private static final class BlockSearch {
        private static final int ITERATIONS = 6000;
        private static final double MISSING = 20;
        private final Scene s;
        private final double fraction;
        private final int radius;
        private final int blocks;
        private final int[] blockOf;
        private final int[] total;
        private final int[] labelledBlocks;
        private final int[] labelled;
        private final int[] classOf;

        BlockSearch(Scene s, double fraction, int radius, int block) {
            this.s = s;
            this.fraction = fraction;
            this.radius = radius;
            int bc = (s.cols() + block - 1) / block;
            int br = (s.rows() + block - 1) / block;
            blocks = br * bc;
            blockOf = new int[s.pixels()];
            total = new int[s.classes()];
            boolean[] used = new boolean[blocks];
            for (int p = 0; p < s.pixels(); p++) {
                blockOf[p] = (p / s.cols() / block) * bc + (p % s.cols()) / block;
            }
            labelled = s.labelledPixels();
            classOf = new int[labelled.length];
            for (int i = 0; i < labelled.length; i++) {
                classOf[i] = s.dense(labelled[i]);
                total[classOf[i]]++;
                used[blockOf[labelled[i]]] = true;
            }
            labelledBlocks = java.util.stream.IntStream.range(0, used.length).filter(b -> used[b]).toArray();
            if (labelledBlocks.length < 2) {
                throw new Impossible(String.format(Locale.ROOT,
                        "the labelled pixels of %s fit in one %dx%d block: too small for a spatially disjoint split",
                        s.name(), block, block));
            }
        }

        boolean[] trainPixels(boolean[] trainBlock) {
            boolean[] isTrain = new boolean[s.pixels()];
            for (int p : labelled) {
                isTrain[p] = trainBlock[blockOf[p]];
            }
            return isTrain;
        }

        /**
         * Cost of an assignment: per class, the squared relative miss of the training share plus
         * the squared shortfall of the test set against what a random split would leave, and a
         * penalty for each class left with no training or no test pixel.
         */
        double cost(boolean[] trainBlock) {
            boolean[] isTrain = trainPixels(trainBlock);
            boolean[] near = dilate(isTrain, s.rows(), s.cols(), radius);
            int[] tr = new int[total.length];
            int[] te = new int[total.length];
            for (int i = 0; i < labelled.length; i++) {
                int p = labelled[i];
                int c = classOf[i];
                if (isTrain[p]) {
                    tr[c]++;
                } else if (!near[p]) {
                    te[c]++;
                }
            }
            double cost = 0;
            for (int c = 0; c < total.length; c++) {
                double share = (double) tr[c] / total[c];
                double miss = (share - fraction) / fraction;
                double shortfall = 1 - te[c] / ((1 - fraction) * total[c]);
                cost += miss * miss + shortfall * shortfall + (tr[c] == 0 ? MISSING : 0) + (te[c] == 0 ? MISSING : 0);
            }
            return cost / total.length;
        }

        boolean[] run(Random rng) {
            boolean[] cur = new boolean[blocks];
            for (int b : labelledBlocks) {
                cur[b] = rng.nextDouble() < fraction;
            }
            double curCost = cost(cur);
            boolean[] best = cur.clone();
            double bestCost = curCost;
            double t0 = 0.05;
            double t1 = 1e-4;
            for (int i = 0; i < ITERATIONS; i++) {
                double temp = t0 * Math.pow(t1 / t0, (double) i / ITERATIONS);
                int b = labelledBlocks[rng.nextInt(labelledBlocks.length)];
                cur[b] = !cur[b];
                double c = cost(cur);
                if (c <= curCost || rng.nextDouble() < Math.exp((curCost - c) / temp)) {
                    curCost = c;
                    if (c < bestCost) {
                        bestCost = c;
                        best = cur.clone();
                    }
                } else {
                    cur[b] = !cur[b];
                }
            }
            return best;
        }
    }

    /** Per-class train / validation / test / buffer counts, one line per class, for logs and reports. */
    public String describe(Scene s) {
        int[][] n = new int[s.classes()][4];
        int[][] sets = {train, val, test, buffer};
        for (int k = 0; k < 4; k++) {
            for (int p : sets[k]) {
                n[s.dense(p)][k]++;
            }
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-4s %-30s %7s %7s %7s %7s%n", "#", "class", "train", "val", "test", "buffer"));
        for (int c = 0; c < s.classes(); c++) {
            String note = n[c][0] + n[c][1] == 0 ? "  (no training pixel)" : n[c][2] == 0 ? "  (no test pixel)" : "";
            if (classNotes != null && classNotes[c] != null) {
                note += "  " + classNotes[c];
            }
            b.append(String.format(Locale.ROOT, "%-4d %-30s %7d %7d %7d %7d%s%n", s.labels()[c], s.classNames().get(c),
                    n[c][0], n[c][1], n[c][2], n[c][3], note));
        }
        b.append(String.format(Locale.ROOT, "%-4s %-30s %7d %7d %7d %7d%n", "", "total", train.length, val.length, test.length, buffer.length));
        return b.toString();
    }

    /** Square dilation of a mask by {@code radius} pixels (separable max filter). */
    static boolean[] dilate(boolean[] mask, int rows, int cols, int radius) {
        boolean[] h = new boolean[mask.length];
        for (int r = 0; r < rows; r++) {
            int last = -1_000_000;
            for (int c = 0; c < cols; c++) {
                if (mask[r * cols + c]) {
                    last = c;
                }
                h[r * cols + c] = c - last <= radius;
            }
            last = 1_000_000;
            for (int c = cols - 1; c >= 0; c--) {
                if (mask[r * cols + c]) {
                    last = c;
                }
                h[r * cols + c] |= last - c <= radius;
            }
        }
        boolean[] out = new boolean[mask.length];
        for (int c = 0; c < cols; c++) {
            int last = -1_000_000;
            for (int r = 0; r < rows; r++) {
                if (h[r * cols + c]) {
                    last = r;
                }
                out[r * cols + c] = r - last <= radius;
            }
            last = 1_000_000;
            for (int r = rows - 1; r >= 0; r--) {
                if (h[r * cols + c]) {
                    last = r;
                }
                out[r * cols + c] |= last - r <= radius;
            }
        }
        return out;
    }

    static Split carveValidation(Scene s, String kind, List<Integer> train, List<Integer> test, List<Integer> buffer,
            double valFraction, Random rng) {
        if (valFraction < 0 || valFraction >= 1) {
            throw new SettingException("validation share", " must be a fraction in [0, 1), got " + valFraction);
        }
        List<Integer> keep = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        if (valFraction > 0) {
            List<List<Integer>> per = new ArrayList<>();
            for (int c = 0; c < s.classes(); c++) {
                per.add(new ArrayList<>());
            }
            for (int p : train) {
                per.get(s.dense(p)).add(p);
            }
            for (List<Integer> px : per) {
                java.util.Collections.shuffle(px, rng);
                int n = px.size() >= 2 ? (int) Math.round(valFraction * px.size()) : 0;
                val.addAll(px.subList(0, n));
                keep.addAll(px.subList(n, px.size()));
            }
        } else {
            keep = train;
        }
        return new Split(kind, sorted(keep), sorted(val), sorted(test), sorted(buffer));
    }

    private static int[] sorted(List<Integer> l) {
        int[] a = l.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
