package dev.prism.baselines;

import java.io.PrintStream;

/** A classifier of single spectra (no spatial context), fitted on training pixels only. */
public interface SpectralBaseline {

    /** Registry name, as the {@code --model} of a hyperspectral run. */
    String name();

    /** One line for {@code prism models}. */
    String description();

    /**
     * Fits on {@code train} (rows of {@code x}, one pixel's {@code dims} features each) with their
     * classes, choosing any hyper-parameters on {@code val} (or, when it is empty, on a seeded
     * fifth of {@code train}, then refitting on all of it).
     */
    Fitted fit(Features x, Labelled train, Labelled val, int classes, long seed, PrintStream log);

    /** Pixels x dims features, row-major. */
    record Features(float[] values, int dims) {

        /** The number of rows. */
        public int rows() {
            return values.length / dims;
        }
    }

    /** Row indices into {@link Features} with each row's class (0-based). */
    record Labelled(int[] rows, int[] classes) {}

    /** A fitted baseline. */
    interface Fitted {

        /** The class of every row of {@code x}. */
        int[] predict(Features x);

        /** The chosen hyper-parameters and the validation accuracy of each candidate, for the report. */
        String describe();

        /** The size of the fitted model in stored numbers (support vectors x dims), 0 where not counted (trees). */
        long size();
    }
}
