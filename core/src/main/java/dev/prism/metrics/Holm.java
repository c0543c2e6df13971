package dev.prism.metrics;

import java.util.Arrays;

/**
 * Holm's step-down adjustment of a family of p-values (Holm 1979): sorted ascending, the i-th
 * (0-based) of m is multiplied by m - i, made non-decreasing, capped at 1. It controls the
 * family-wise error rate under any dependence between the tests, so a study's comparisons can be
 * read together.
 */
public final class Holm {

    private Holm() {}

    /** The adjusted p-values, in the order of {@code p}; null entries (undefined tests) stay null and are not counted. */
    public static Double[] adjust(Double[] p) {
        Integer[] idx = java.util.stream.IntStream.range(0, p.length).filter(i -> p[i] != null).boxed().toArray(Integer[]::new);
        Arrays.sort(idx, (a, b) -> Double.compare(p[a], p[b]));
        int m = idx.length;
        Double[] out = new Double[p.length];
        double running = 0;
        for (int i = 0; i < m; i++) {
            running = Math.max(running, Math.min(1.0, (m - i) * p[idx[i]]));
            out[idx[i]] = running;
        }
        return out;
    }
}
