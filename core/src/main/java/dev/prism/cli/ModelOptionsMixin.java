package dev.prism.cli;

import dev.prism.models.ModelOptions;
import picocli.CommandLine.Option;

/** The model-shaping options every command that builds a model shares. */
public final class ModelOptionsMixin {

    @Option(names = "--classes", description = "Number of output classes (default: ${DEFAULT-VALUE}).", defaultValue = "10")
    int classes;

    @Option(names = "--alpha", description = "Width multiplier of the MobileNets, > 0 (default: ${DEFAULT-VALUE}).", defaultValue = "1.0")
    double alpha;

    @Option(names = "--input", description = "Image side in pixels (resolution multiplier); default: the model's own (224 ImageNet-style, 32 CIFAR-style).", defaultValue = "0")
    int input;

    @Option(names = "--bands", description = "Spectral bands after PCA, hyperspectral models (default: ${DEFAULT-VALUE}).", defaultValue = "30")
    int bands;

    @Option(names = "--window", description = "Patch side, hyperspectral models (default: ${DEFAULT-VALUE}).", defaultValue = "25")
    int window;

    ModelOptions toOptions() {
        if (input < 0) {
            throw new IllegalArgumentException("--input must be > 0, got " + input);
        }
        return new ModelOptions(classes, alpha, input, bands, window, Double.NaN);
    }
}
