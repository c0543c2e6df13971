package dev.prism.metrics;

/** Mean and sample standard deviation, for "mean ± std over runs". */
public final class Stats {

    private Stats() {}

    /** The arithmetic mean of {@code v} (NaN when empty). */
    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    /** Sample standard deviation (n - 1); 0 for a single value. */
    public static double std(double[] v) {
        if (v.length < 2) {
            return v.length == 1 ? 0 : Double.NaN;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    /** "mean ± std", or the value alone with "(1 run)" where one run has no spread. */
    public static String meanStd(double[] v) {
        if (v.length == 1) {
            return String.format(java.util.Locale.ROOT, "%.2f (1 run)", v[0]);
        }
        return String.format(java.util.Locale.ROOT, "%.2f ± %.2f", mean(v), std(v));
    }
}
