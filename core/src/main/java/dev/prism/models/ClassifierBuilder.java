package dev.prism.models;

/**
 * What every image-network builder shares: the required class count, the optional width
 * multiplier and dropout rate, checked in {@link #validate()}.
 *
 * @param <B> the concrete builder, returned by the setters for chaining
 */
public abstract class ClassifierBuilder<B extends ClassifierBuilder<B>> {

    protected int classes = -1;
    protected double alpha = 1.0;
    protected double dropout;

    protected ClassifierBuilder(double defaultDropout) {
        this.dropout = defaultDropout;
    }

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

    /** Dropout rate before the last linear layer, in [0, 1). */
    public B optDropout(double dropout) {
        this.dropout = dropout;
        return self();
    }

    protected void validate() {
        ModelChecks.classes(classes);
        ModelChecks.alpha(alpha);
        ModelChecks.dropout(dropout);
    }
}
