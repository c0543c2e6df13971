package dev.prism.jobs;

import dev.prism.data.hsi.PcaFit;
import dev.prism.data.hsi.SplitProtocol;
import dev.prism.train.TrainConfig;

/**
 * A hyperspectral run, as written to its {@code config.json}.
 *
 * @param scene registered scene id, or null for a custom cube
 * @param dataDir folder of the registered scene's files; null = the bundled Indian Pines copy
 * @param cube custom cube FILE[:KEY]
 * @param gt custom ground truth FILE[:KEY]
 * @param classesFile custom class names, one per line
 * @param model registry name
 * @param pca components (0 = keep the raw bands)
 * @param whiten divide components by their standard deviation
 * @param pcaFit the pixels PCA is fitted on (also the band standardisation when {@code pca} is 0);
 *     null in older configs, read as {@link PcaFit#AUTO}
 * @param window patch side (odd)
 * @param split how training and test pixels are divided
 * @param trainAmount fraction per class, or count per class when >= 1
 * @param valFraction share of the training pixels held out for validation
 * @param train the training configuration (seed included)
 * @param device where the run computes
 * @param splitSeed seed of the split alone; null = the training seed (so one --seed fixes everything)
 * @param folds folds of cross-validation over fields (split "fields-kfold"), 0 otherwise
 * @param fold the fold this run trains, 1..folds; 0 for a run that trains every fold and pools them
 * @param gapWindow under the spatially separated splits, the window whose half sets the gap kept
 *     between training and test pixels; null = {@code window}. Never smaller than {@code window}
 *     (a narrower gap would let test windows hold training pixels); a larger one lets runs at
 *     different windows train and test on the very same pixels. Not written when null, so older
 *     configs read and compare as before.
 */
public record HsiConfig(
        String scene,
        String dataDir,
        String cube,
        String gt,
        String classesFile,
        String model,
        int pca,
        boolean whiten,
        PcaFit pcaFit,
        int window,
        SplitProtocol split,
        double trainAmount,
        double valFraction,
        TrainConfig train,
        DeviceChoice device,
        Long splitSeed,
        int folds,
        int fold,
        @com.google.gson.annotations.JsonAdapter(value = HsiConfig.OmittedWhenNull.class, nullSafe = false) Integer gapWindow) {

    /** Checks the gap against the window. */
    public HsiConfig {
        if (gapWindow != null && (gapWindow < window || gapWindow % 2 == 0)) {
            throw new dev.prism.SettingException("gap-window", " must be odd and at least the window (" + window
                    + "): a narrower gap would let test windows hold training pixels; got " + gapWindow);
        }
    }

    /** The window whose half is the gap between training and test pixels. */
    public int gapWindowOrWindow() {
        return gapWindow != null ? gapWindow : window;
    }

    /** This config with the gap of a window of {@code w} (null: its own window's). */
    public HsiConfig withGapWindow(Integer w) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, model, pca, whiten, pcaFit, window, split, trainAmount,
                valFraction, train, device, splitSeed, folds, fold, w);
    }

    /** {@link PcaFit#ALL} or {@link PcaFit#TRAIN}: the random split keeps the paper's choice, every spatially separated split fits on training pixels only. */
    public PcaFit effectivePcaFit() {
        return (pcaFit == null ? PcaFit.AUTO : pcaFit).under(split);
    }

    /** Whether this run is a whole cross-validation over fields (every fold, pooled). */
    public boolean crossValidated() {
        return folds > 0 && fold == 0;
    }

    /** The seed the split is drawn with. */
    public long effectiveSplitSeed() {
        return splitSeed != null ? splitSeed : train.seed();
    }

    public HsiConfig withTrain(TrainConfig t) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, model, pca, whiten, pcaFit, window, split, trainAmount,
                valFraction, t, device, splitSeed, folds, fold, gapWindow);
    }

    public HsiConfig withModel(String m) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, m, pca, whiten, pcaFit, window, split, trainAmount,
                valFraction, train, device, splitSeed, folds, fold, gapWindow);
    }

    public HsiConfig withSplitSeed(Long seed) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, model, pca, whiten, pcaFit, window, split, trainAmount,
                valFraction, train, device, seed, folds, fold, gapWindow);
    }

    public HsiConfig withSplit(SplitProtocol s) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, model, pca, whiten, pcaFit, window, s, trainAmount,
                valFraction, train, device, splitSeed, folds, fold, gapWindow);
    }

    public HsiConfig withPca(int components) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, model, components, whiten, pcaFit, window, split, trainAmount,
                valFraction, train, device, splitSeed, folds, fold, gapWindow);
    }

    public HsiConfig withWindow(int w) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, model, pca, whiten, pcaFit, w, split, trainAmount,
                valFraction, train, device, splitSeed, folds, fold, gapWindow);
    }

    /** This config as fold {@code f} (1-based) of its cross-validation. */
    public HsiConfig withFold(int f) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, model, pca, whiten, pcaFit, window, split, trainAmount,
                valFraction, train, device, splitSeed, folds, f, gapWindow);
    }

    /** This config cross-validated over {@code k} fields folds ({@code fields-kfold}), or on {@code split} with 0. */
    public HsiConfig withFolds(SplitProtocol s, int k) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, model, pca, whiten, pcaFit, window, s, trainAmount,
                valFraction, train, device, splitSeed, k, 0, gapWindow);
    }

    /** An optional integer left out of the JSON when null (a deferred name is dropped with its null value). */
    static final class OmittedWhenNull extends com.google.gson.TypeAdapter<Integer> {
        @Override
        public void write(com.google.gson.stream.JsonWriter out, Integer value) throws java.io.IOException {
            if (value != null) {
                out.value(value);
                return;
            }
            boolean nulls = out.getSerializeNulls();
            out.setSerializeNulls(false);
            out.nullValue();
            out.setSerializeNulls(nulls);
        }

        @Override
        public Integer read(com.google.gson.stream.JsonReader in) throws java.io.IOException {
            if (in.peek() == com.google.gson.stream.JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return in.nextInt();
        }
    }
}
