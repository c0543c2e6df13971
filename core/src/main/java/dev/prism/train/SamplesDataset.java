package dev.prism.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;

/**
 * Prism's samples (hyperspectral windows, images, arrays) as a DJL {@link RandomAccessDataset},
 * for DJL's own {@code Trainer} and {@code EasyTrain}: item i is sample {@code indices[i]} in
 * its model's input shape and its label as a float scalar (what DJL's softmax cross-entropy
 * takes). Prism's own loop reads {@link Samples} directly and needs none of this.
 */
public final class SamplesDataset extends RandomAccessDataset {

    private final Samples samples;
    private final int[] indices;

    private SamplesDataset(Builder b) {
        super(b);
        samples = b.samples;
        indices = b.indices;
    }

    /** A builder: {@code setSamples}, then DJL's {@code setSampling} and the like. */
    public static Builder builder() {
        return new Builder();
    }

    /** Item {@code index}: the sample's array and its label as a float scalar. */
    @Override
    public Record get(NDManager manager, long index) {
        int i = indices[Math.toIntExact(index)];
        float[] x = new float[samples.sampleSize()];
        samples.fill(i, x, 0, null);
        return new Record(new NDList(manager.create(x, new ai.djl.ndarray.types.Shape(samples.sampleShape()))),
                new NDList(manager.create((float) samples.label(i))));
    }

    @Override
    protected long availableSize() {
        return indices.length;
    }

    @Override
    public void prepare(Progress progress) {
        // the samples are in memory already
    }

    /** {@code setSamples} required; {@code optIndices} (default: all); batch size and shuffling as for any DJL dataset. */
    public static final class Builder extends BaseBuilder<Builder> {
        private Samples samples;
        private int[] indices;

        /** The samples (hyperspectral windows, images, arrays). */
        public Builder setSamples(Samples s) {
            samples = s;
            return this;
        }

        /** The samples to use, e.g. a split's training pixels. */
        public Builder optIndices(int[] i) {
            indices = i.clone();
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The dataset; checks that every index is a sample. */
        public SamplesDataset build() {
            if (samples == null) {
                throw new IllegalArgumentException("a SamplesDataset needs samples (setSamples)");
            }
            if (indices == null) {
                indices = java.util.stream.IntStream.range(0, samples.size()).toArray();
            }
            for (int i : indices) {
                if (i < 0 || i >= samples.size()) {
                    throw new IllegalArgumentException("index " + i + " is outside the " + samples.size() + " samples");
                }
            }
            return new SamplesDataset(this);
        }
    }
}
