package dev.prism.data.hsi;

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
 *   <li>{@link #disjoint}: spatially disjoint blocks: whole blocks go to training until each class
 *       has its share, and test pixels are only those whose window cannot overlap any training
 *       pixel's window (Chebyshev distance of at least one window); the pixels in between are a
 *       buffer used by neither. This measures what random pixel splits hide: neighbouring,
 *       overlapping windows in both sets.
 * </ul>
 *
 * A validation set is carved from the training pixels, per class.
 */
public record Split(String kind, int[] train, int[] val, int[] test, int[] buffer) {

    /** Mask codes written to {@code masks.npy}. */
    public static final int NONE = 0;
    public static final int TRAIN = 1;
    public static final int VAL = 2;
    public static final int TEST = 3;
    public static final int BUFFER = 4;

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

    private static List<List<Integer>> byClass(Scene s) {
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
        if (!(amount > 0)) {
            throw new IllegalArgumentException("--train must be a fraction in (0, 1) or a per-class count >= 1, got " + amount);
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

    public static Split disjoint(Scene s, double fraction, int window, double valFraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("--train for a disjoint split must be a fraction in (0, 1), got " + fraction);
        }
        Random rng = new Random(seed);
        int block = Math.max(window, 8);
        int br = (s.rows() + block - 1) / block;
        int bc = (s.cols() + block - 1) / block;
        List<Integer> blocks = new ArrayList<>();
        for (int i = 0; i < br * bc; i++) {
            blocks.add(i);
        }
        java.util.Collections.shuffle(blocks, rng);
        int classes = s.classes();
        int[] total = new int[classes];
        for (int p : s.labelledPixels()) {
            total[s.dense(p)]++;
        }
        int[][] blockCounts = new int[br * bc][classes];
        for (int p : s.labelledPixels()) {
            int b = (p / s.cols() / block) * bc + (p % s.cols()) / block;
            blockCounts[b][s.dense(p)]++;
        }
        boolean[] trainBlock = new boolean[br * bc];
        int[] have = new int[classes];
        for (int b : blocks) {
            boolean useful = false;
            for (int c = 0; c < classes; c++) {
                if (blockCounts[b][c] > 0 && have[c] < fraction * total[c]) {
                    useful = true;
                }
            }
            if (useful) {
                trainBlock[b] = true;
                for (int c = 0; c < classes; c++) {
                    have[c] += blockCounts[b][c];
                }
            }
        }
        boolean[] isTrain = new boolean[s.pixels()];
        List<Integer> train = new ArrayList<>();
        for (int p : s.labelledPixels()) {
            int b = (p / s.cols() / block) * bc + (p % s.cols()) / block;
            if (trainBlock[b]) {
                isTrain[p] = true;
                train.add(p);
            }
        }
        boolean[] near = dilate(isTrain, s.rows(), s.cols(), window - 1);
        List<Integer> test = new ArrayList<>();
        List<Integer> buffer = new ArrayList<>();
        for (int p : s.labelledPixels()) {
            if (!isTrain[p]) {
                (near[p] ? buffer : test).add(p);
            }
        }
        return carveValidation(s, "disjoint", train, test, buffer, valFraction, rng);
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

    private static Split carveValidation(Scene s, String kind, List<Integer> train, List<Integer> test, List<Integer> buffer,
            double valFraction, Random rng) {
        if (valFraction < 0 || valFraction >= 1) {
            throw new IllegalArgumentException("--val must be a fraction in [0, 1), got " + valFraction);
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
