package dev.prism.data.hsi;

/**
 * What turns a pixel's spectrum into a network's input channels: {@code y[c] = scale[c] *
 * sum_j basis[c][j] * (x[j] - mean[j])}. PCA is one (basis = the components, scale = 1 or the
 * whitening 1 / sqrt(variance)); per-band standardisation another (basis = the identity, scale =
 * 1 / standard deviation). A trained run keeps its own, so that new pixels are transformed exactly
 * as the training pixels were, never with a basis refitted on another scene.
 *
 * @param mean per input band, B values
 * @param basis K rows of B values
 * @param scale per output channel, K values
 */
public record SpectralTransform(double[] mean, double[][] basis, double[] scale) {

    /** Checks that the sizes agree. */
    public SpectralTransform {
        int b = mean.length;
        if (basis.length == 0 || scale.length != basis.length) {
            throw new IllegalArgumentException("spectral transform: " + basis.length + " basis rows and " + scale.length + " scales");
        }
        for (double[] row : basis) {
            if (row.length != b) {
                throw new IllegalArgumentException("spectral transform: a basis row of " + row.length + " values for " + b + " bands");
            }
        }
    }

    /** Input bands B. */
    public int bands() {
        return mean.length;
    }

    /** Output channels K. */
    public int channels() {
        return basis.length;
    }

    /** Transforms every pixel of {@code cube} (pixels x B, row-major) to pixels x K. */
    public float[] apply(float[] cube) {
        int b = bands();
        int k = channels();
        int pixels = cube.length / b;
        float[] out = new float[pixels * k];
        double[] centred = new double[b];
        for (int p = 0; p < pixels; p++) {
            for (int j = 0; j < b; j++) {
                centred[j] = cube[p * b + j] - mean[j];
            }
            for (int c = 0; c < k; c++) {
                double[] row = basis[c];
                double s = 0;
                for (int j = 0; j < b; j++) {
                    s += centred[j] * row[j];
                }
                out[p * k + c] = (float) (s * scale[c]);
            }
        }
        return out;
    }

    /** Per-band standardisation: mean 0 and standard deviation 1 for each band over {@code cube}; a constant band is an error naming it. */
    public static SpectralTransform standardisation(float[] cube, int bands, String sceneName) {
        return standardisation(cube, bands, java.util.stream.IntStream.range(0, cube.length / bands).toArray(), sceneName);
    }

    /**
     * Per-band standardisation fitted on {@code pixels} alone (the training pixels, so that no
     * statistic sees a test pixel); a band constant over them is an error naming it.
     */
    public static SpectralTransform standardisation(float[] cube, int bands, int[] pixels, String sceneName) {
        double[] mean = new double[bands];
        double[] scale = new double[bands];
        double[][] identity = new double[bands][bands];
        for (int j = 0; j < bands; j++) {
            double sum = 0;
            double sq = 0;
            for (int p : pixels) {
                double v = cube[p * bands + j];
                sum += v;
                sq += v * v;
            }
            mean[j] = sum / pixels.length;
            double var = sq / pixels.length - mean[j] * mean[j];
            if (!(var > 1e-12)) {
                throw new IllegalArgumentException("band " + j + " (0-based) of " + sceneName + " is constant (" + mean[j]
                        + " over the " + pixels.length + " pixels it is fitted on): it carries no information and cannot be standardised; use PCA");
            }
            scale[j] = 1 / Math.sqrt(var);
            identity[j][j] = 1;
        }
        return new SpectralTransform(mean, identity, scale);
    }
}
