package dev.prism.models;

/**
 * What a user may choose when building a registered model. Fields a model does not use are ignored
 * (alpha by HybridSN, bands and window by the image networks).
 *
 * @param classes number of output classes
 * @param alpha width multiplier (MobileNets)
 * @param inputSize image side in pixels, or 0 for the model's default (resolution multiplier)
 * @param bands spectral bands after PCA (hyperspectral models)
 * @param window spatial window side (hyperspectral models)
 * @param dropout dropout rate, or NaN for the model's default
 */
public record ModelOptions(int classes, double alpha, int inputSize, int bands, int window, double dropout) {

    /** 10 classes, alpha 1, default input, 30 bands, window 25, default dropout. */
    public static ModelOptions defaults() {
        return new ModelOptions(10, 1.0, 0, 30, 25, Double.NaN);
    }

    /** A copy with {@code c} output classes. */
    public ModelOptions withClasses(int c) {
        return new ModelOptions(c, alpha, inputSize, bands, window, dropout);
    }

    /** A copy with width multiplier {@code a} (MobileNets). */
    public ModelOptions withAlpha(double a) {
        return new ModelOptions(classes, a, inputSize, bands, window, dropout);
    }

    /** A copy for n x n images (0: the model's default). */
    public ModelOptions withInputSize(int n) {
        return new ModelOptions(classes, alpha, n, bands, window, dropout);
    }

    /** A copy for {@code b} spectral bands (hyperspectral models). */
    public ModelOptions withBands(int b) {
        return new ModelOptions(classes, alpha, inputSize, b, window, dropout);
    }

    /** A copy for w x w windows (hyperspectral models). */
    public ModelOptions withWindow(int w) {
        return new ModelOptions(classes, alpha, inputSize, bands, w, dropout);
    }

    /** A copy with dropout rate {@code d} (NaN: the model's default). */
    public ModelOptions withDropout(double d) {
        return new ModelOptions(classes, alpha, inputSize, bands, window, d);
    }

    /** The dropout to use: the chosen one, or {@code fallback} when none was chosen. */
    public double dropoutOr(double fallback) {
        return Double.isNaN(dropout) ? fallback : dropout;
    }
}
