package dev.prism.metrics;

/** Mean and sample standard deviation, for "mean ± std over runs". */
public final class Stats {

    private Stats() {}

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

    public static String meanStd(double[] v) {
        return String.format(java.util.Locale.ROOT, "%.2f ± %.2f", mean(v), std(v));
    }
}
