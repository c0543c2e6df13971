package dev.prism.train;

import java.util.Objects;

/**
 * Which samples of one {@link Samples} train, validate and test: what a split of a scene
 * ({@code dev.prism.data.hsi.Split#partition()}) or of an image set gives the training loop.
 *
 * @param train indices the network learns from
 * @param val indices that choose the best epoch (may be empty)
 * @param test indices scored once, after training (may be empty)
 */
public record Partition(int[] train, int[] val, int[] test) {

    /** The three index sets are required (empty for none); training needs at least one sample. */
    public Partition {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(val, "val");
        Objects.requireNonNull(test, "test");
        if (train.length == 0) {
            throw new IllegalArgumentException("a partition needs at least one training sample");
        }
    }

    /** A partition without test samples. */
    public static Partition of(int[] train, int[] val) {
        return new Partition(train, val, new int[0]);
    }
}
