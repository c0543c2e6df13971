package dev.prism.data.hsi;

import dev.prism.SettingException;

import dev.prism.train.Samples;
import java.util.Random;

/**
 * Windows around pixels of a reduced cube, extracted lazily per batch: only the reduced cube
 * (zero-padded by half a window, band-major) is held in memory, never the patches, so memory is
 * proportional to the scene (Indian Pines at window 25 would need about 770 MB of patches).
 * Sample index = pixel index (row * cols + col); sample shape (1, components, window, window).
 */
public final class PatchSamples implements Samples {

    private final Scene scene;
    private final int components;
    private final int window;
    private final int margin;
    private final int paddedCols;
    private final float[][] padded;

    /**
     * @param reduced pixels x components, row-major (from {@link Pca#transform} or the raw bands)
     */
    public PatchSamples(Scene scene, float[] reduced, int components, int window) {
        if (window < 1 || window % 2 == 0) {
            throw new SettingException("window", " must be odd and positive so the pixel is its centre, got " + window);
        }
        if (window > Math.min(scene.rows(), scene.cols())) {
            throw new SettingException("window", " " + window + " is larger than the scene (" + scene.rows() + " x " + scene.cols() + ")");
        }
        this.scene = scene;
        this.components = components;
        this.window = window;
        this.margin = window / 2;
        this.paddedCols = scene.cols() + 2 * margin;
        int paddedRows = scene.rows() + 2 * margin;
        this.padded = new float[components][paddedRows * paddedCols];
        for (int p = 0; p < scene.pixels(); p++) {
            int r = p / scene.cols() + margin;
            int c = p % scene.cols() + margin;
            for (int k = 0; k < components; k++) {
                padded[k][r * paddedCols + c] = reduced[p * components + k];
            }
        }
    }

    @Override
    public int size() {
        return scene.pixels();
    }

    @Override
    public long[] sampleShape() {
        return new long[] {1, components, window, window};
    }

    @Override
    public int classes() {
        return scene.classes();
    }

    /** Dense label; 0 for unlabelled pixels (only used for whole-scene prediction). */
    @Override
    public int label(int p) {
        return Math.max(0, scene.dense(p));
    }

    @Override
    public void fill(int p, float[] dest, int offset, Random augment) {
        int r = p / scene.cols();
        int c = p % scene.cols();
        int o = offset;
        for (int k = 0; k < components; k++) {
            float[] src = padded[k];
            for (int dr = 0; dr < window; dr++) {
                System.arraycopy(src, (r + dr) * paddedCols + c, dest, o, window);
                o += window;
            }
        }
    }

    /**
     * Scene rows {@code [first, first + count)} with the margins their windows need, band-major:
     * (components, count + window - 1, cols + window - 1), zero outside the scene as in {@link #fill}.
     * The input of a sliding-window pass over those rows.
     */
    public float[] strip(int first, int count) {
        if (first < 0 || count < 1 || first + count > scene.rows()) {
            throw new IllegalArgumentException("rows " + first + ".." + (first + count - 1) + " are outside the scene's 0.." + (scene.rows() - 1));
        }
        int rows = count + 2 * margin;
        float[] out = new float[components * rows * paddedCols];
        for (int k = 0; k < components; k++) {
            System.arraycopy(padded[k], first * paddedCols, out, k * rows * paddedCols, rows * paddedCols);
        }
        return out;
    }

    /** Side of the windows. */
    public int window() {
        return window;
    }

    /** The scene the windows are cut from. */
    public Scene scene() {
        return scene;
    }
}
