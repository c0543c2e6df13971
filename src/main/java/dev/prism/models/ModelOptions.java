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

    public ModelOptions withClasses(int c) {
        return new ModelOptions(c, alpha, inputSize, bands, window, dropout);
    }

    public ModelOptions withAlpha(double a) {
        return new ModelOptions(classes, a, inputSize, bands, window, dropout);
    }

    public ModelOptions withInputSize(int n) {
        return new ModelOptions(classes, alpha, n, bands, window, dropout);
    }

    public ModelOptions withBands(int b) {
        return new ModelOptions(classes, alpha, inputSize, b, window, dropout);
    }

    public ModelOptions withWindow(int w) {
        return new ModelOptions(classes, alpha, inputSize, bands, w, dropout);
    }

    public ModelOptions withDropout(double d) {
        return new ModelOptions(classes, alpha, inputSize, bands, window, d);
    }

    /** The dropout to use: the chosen one, or {@code fallback} when none was chosen. */
    public double dropoutOr(double fallback) {
        return Double.isNaN(dropout) ? fallback : dropout;
    }
}
