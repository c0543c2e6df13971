package dev.prism.models;

/**
 * The builders of image networks with a CIFAR variant (MobileNetV1 and V2, EfficientNet-B0): a
 * stride-1 stem for 32 x 32 images instead of ImageNet's stride 2.
 *
 * @param <B> the concrete builder
 */
public abstract class StemClassifierBuilder<B extends StemClassifierBuilder<B>> extends ClassifierBuilder<B> {

    protected boolean cifarStem;

    protected StemClassifierBuilder(double defaultDropout) {
        super(defaultDropout);
    }

    /** A stride-1 stem for 32 x 32 images instead of ImageNet's stride 2 (default false). */
    public B optCifarStem(boolean on) {
        cifarStem = on;
        return self();
    }
}
