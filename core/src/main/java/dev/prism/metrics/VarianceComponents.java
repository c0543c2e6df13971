package dev.prism.metrics;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.FDistribution;

/**
 * A crossed design without replication (rows x columns, one observation per cell) analysed as a
 * two-way random-effects model, y_ij = mu + a_i + b_j + e_ij, by the ANOVA (expected mean squares)
 * estimators: sigma²_rows = (MS_rows - MS_e) / columns, sigma²_cols = (MS_cols - MS_e) / rows,
 * sigma²_e = MS_e, a negative estimate reported as 0. With one run per cell the interaction and
 * the run-to-run noise of a cell are confounded in the residual. Each component has a 95% interval
 * by Satterthwaite's approximation (its estimate scaled by a chi-squared with the effective degrees
 * of freedom; the residual's is exact) and the F-test of its being zero (MS_source / MS_e).
 *
 * @param rows levels of the row factor (split seeds)
 * @param columns levels of the column factor (initialisation seeds)
 * @param mean the grand mean
 * @param row the row factor's component
 * @param column the column factor's component
 * @param residual interaction plus noise
 */
public record VarianceComponents(int rows, int columns, double mean, Component row, Component column, Component residual) {

    /**
     * One source of variance.
     *
     * @param df degrees of freedom of its mean square
     * @param meanSquare its mean square
     * @param variance the estimated variance component (>= 0)
     * @param ciLow lower end of the 95% interval (null when the estimate is 0)
     * @param ciHigh upper end (null when the estimate is 0)
     * @param fTestP p-value of the F-test that the component is 0 (null for the residual)
     */
    public record Component(int df, double meanSquare, double variance, Double ciLow, Double ciHigh, Double fTestP) {}

    /** The analysis of {@code y[i][j]}, at least 2 x 2, every row as long. */
    public static VarianceComponents of(double[][] y) {
        int r = y.length;
        int c = r == 0 ? 0 : y[0].length;
        if (r < 2 || c < 2) {
            throw new IllegalArgumentException("a crossed design needs at least 2 x 2 cells, got " + r + " x " + c);
        }
        double[] rowMean = new double[r];
        double[] colMean = new double[c];
        double grand = 0;
        for (int i = 0; i < r; i++) {
            if (y[i].length != c) {
                throw new IllegalArgumentException("row " + i + " of the crossed design has " + y[i].length + " cells, not " + c);
            }
            for (int j = 0; j < c; j++) {
                rowMean[i] += y[i][j] / c;
                colMean[j] += y[i][j] / r;
                grand += y[i][j] / (r * c);
            }
        }
        double ssRow = 0;
        double ssCol = 0;
        double ssE = 0;
        for (int i = 0; i < r; i++) {
            ssRow += c * sq(rowMean[i] - grand);
            for (int j = 0; j < c; j++) {
                ssE += sq(y[i][j] - rowMean[i] - colMean[j] + grand);
            }
        }
        for (int j = 0; j < c; j++) {
            ssCol += r * sq(colMean[j] - grand);
        }
        int dfRow = r - 1;
        int dfCol = c - 1;
        int dfE = dfRow * dfCol;
        double msRow = ssRow / dfRow;
        double msCol = ssCol / dfCol;
        double msE = ssE / dfE;
        Component residual = new Component(dfE, msE, msE, msE == 0 ? null : exactLow(dfE, msE), msE == 0 ? null : exactHigh(dfE, msE), null);
        return new VarianceComponents(r, c, grand, factor(dfRow, msRow, c, dfE, msE), factor(dfCol, msCol, r, dfE, msE), residual);
    }

    /** The component (ms - msE) / k with its Satterthwaite interval and F-test. */
    private static Component factor(int df, double ms, int k, int dfE, double msE) {
        double estimate = (ms - msE) / k;
        Double p = msE > 0 ? 1 - new FDistribution(df, dfE).cumulativeProbability(ms / msE) : null;
        if (!(estimate > 0)) {
            return new Component(df, ms, 0, null, null, p);
        }
        double nu = sq(ms - msE) / (sq(ms) / df + sq(msE) / dfE);
        ChiSquaredDistribution chi = new ChiSquaredDistribution(nu);
        return new Component(df, ms, estimate, nu * estimate / chi.inverseCumulativeProbability(0.975),
                nu * estimate / chi.inverseCumulativeProbability(0.025), p);
    }

    private static double exactLow(int df, double ms) {
        return df * ms / new ChiSquaredDistribution(df).inverseCumulativeProbability(0.975);
    }

    private static double exactHigh(int df, double ms) {
        return df * ms / new ChiSquaredDistribution(df).inverseCumulativeProbability(0.025);
    }

    private static double sq(double v) {
        return v * v;
    }

    /** The sum of the three components: the variance of one run drawn at random from the design. */
    public double total() {
        return row.variance() + column.variance() + residual.variance();
    }
}
