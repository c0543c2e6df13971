package dev.prism.models;

/**
 * What every image-network builder shares: the required class count and the optional width
 * multiplier, checked in {@link #validate()}.
 *
 * @param <B> the concrete builder, returned by the setters for chaining
 */
public abstract class ClassifierBuilder<B extends ClassifierBuilder<B>> {

    protected int classes = -1;
    protected double alpha = 1.0;

    protected abstract B self();

    /** Required: number of output classes (at least 2). */
    public B setClasses(int classes) {
        this.classes = classes;
        return self();
    }

    /** Width multiplier, > 0 (default 1.0). */
    public B optAlpha(double alpha) {
        this.alpha = alpha;
        return self();
    }

    protected void validate() {
        ModelChecks.classes(classes);
        ModelChecks.alpha(alpha);
    }
}
