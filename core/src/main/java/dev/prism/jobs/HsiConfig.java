package dev.prism.jobs;

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
 * @param pcaFit "all" (the paper), "train" (no leakage) or "auto" (null in older configs: "all"): "train" under
 *     every spatially separated split, "all" under the random one; also the pixels band standardisation
 *     is fitted on when {@code pca} is 0
 * @param window patch side (odd)
 * @param split "random" (stratified) or "disjoint"
 * @param trainAmount fraction per class, or count per class when >= 1
 * @param valFraction share of the training pixels held out for validation
 * @param train the training configuration (seed included)
 * @param device "auto" or "cpu"
 * @param splitSeed seed of the split alone; null = the training seed (so one --seed fixes everything)
 * @param folds folds of cross-validation over fields (split "fields-kfold"), 0 otherwise
 * @param fold the fold this run trains, 1..folds; 0 for a run that trains every fold and pools them
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
        String pcaFit,
        int window,
        String split,
        double trainAmount,
        double valFraction,
        TrainConfig train,
        String device,
        Long splitSeed,
        int folds,
        int fold) {

    /** The random split keeps the paper's choice; every spatially separated split fits on training pixels only. */
    public String effectivePcaFit() {
        if (pcaFit == null || pcaFit.equals("auto")) {
            return split.equals("random") ? "all" : "train";
        }
        return pcaFit;
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
                valFraction, t, device, splitSeed, folds, fold);
    }

    public HsiConfig withModel(String m) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, m, pca, whiten, pcaFit, window, split, trainAmount,
                valFraction, train, device, splitSeed, folds, fold);
    }

    public HsiConfig withSplitSeed(Long seed) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, model, pca, whiten, pcaFit, window, split, trainAmount,
                valFraction, train, device, seed, folds, fold);
    }

    public HsiConfig withSplit(String s) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, model, pca, whiten, pcaFit, window, s, trainAmount,
                valFraction, train, device, splitSeed, folds, fold);
    }

    public HsiConfig withPca(int components) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, model, components, whiten, pcaFit, window, split, trainAmount,
                valFraction, train, device, splitSeed, folds, fold);
    }

    public HsiConfig withWindow(int w) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, model, pca, whiten, pcaFit, w, split, trainAmount,
                valFraction, train, device, splitSeed, folds, fold);
    }

    /** This config as fold {@code f} (1-based) of its cross-validation. */
    public HsiConfig withFold(int f) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, model, pca, whiten, pcaFit, window, split, trainAmount,
                valFraction, train, device, splitSeed, folds, f);
    }

    /** This config cross-validated over {@code k} fields folds ({@code fields-kfold}), or on {@code split} with 0. */
    public HsiConfig withFolds(String s, int k) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, model, pca, whiten, pcaFit, window, s, trainAmount,
                valFraction, train, device, splitSeed, k, 0);
    }
}
