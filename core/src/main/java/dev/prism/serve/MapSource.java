package dev.prism.serve;

import java.io.IOException;
import java.util.List;

/**
 * A classification map as the viewer reads it: class names, the predicted class of a pixel (and of
 * a sampled run of a row, for tiles), and what else is known there: the ground truth, the
 * confidence, the pixel's spectrum. Read in parts, so that a map of any size is shown in bounded
 * memory.
 */
interface MapSource extends AutoCloseable {

    /** Rows of the map. */
    int rows();

    /** Columns of the map. */
    int cols();

    /** Class names, by class index. */
    List<String> names();

    /** Whether the ground truth is known (a training run's scene). */
    boolean hasTruth();

    /** Whether each pixel's confidence is known (a map's top softmax probability). */
    boolean hasConfidence();

    /**
     * Every {@code step}-th pixel of row {@code row} from column {@code first}, {@code count} of them:
     * class indices of {@code layer} ({@link Layer#PREDICTED} or {@link Layer#TRUTH}; -1 for none).
     */
    int[] classes(Layer layer, int row, int first, int count, int step) throws IOException;

    /** As {@link #classes}, the confidences (NaN where unknown). */
    float[] confidences(int row, int first, int count, int step) throws IOException;

    /** The pixel's values (its raw bands where the cube is known), or null. */
    float[] spectrum(int row, int col) throws IOException;

    /** Pixels predicted per class, when known without reading the whole map again (null otherwise). */
    default long[] counts() {
        return null;
    }

    /** What {@link #spectrum} holds, for the page: e.g. {@code raw bands}. */
    String spectrumKind();

    @Override
    void close() throws IOException;

    /** What a tile shows. */
    enum Layer {
        /** The predicted classes. */
        PREDICTED,
        /** The ground truth's classes. */
        TRUTH,
        /** Correct (green) and wrong (red) where the ground truth has a class. */
        ERRORS,
        /** The confidence, dark (low) to light (high). */
        CONFIDENCE;

        /** The layer named {@code s} (its lower-case name), or null. */
        static Layer of(String s) {
            for (Layer l : values()) {
                if (l.name().equalsIgnoreCase(s)) {
                    return l;
                }
            }
            return null;
        }
    }
}
