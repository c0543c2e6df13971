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
 * @param pcaFit "all" (the paper) or "train" (no leakage)
 * @param window patch side (odd)
 * @param split "random" (stratified) or "disjoint"
 * @param trainAmount fraction per class, or count per class when >= 1
 * @param valFraction share of the training pixels held out for validation
 * @param train the training configuration (seed included)
 * @param device "auto" or "cpu"
 * @param splitSeed seed of the split alone; null = the training seed (so one --seed fixes everything)
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
        Long splitSeed) {

    /** The seed the split is drawn with. */
    public long effectiveSplitSeed() {
        return splitSeed != null ? splitSeed : train.seed();
    }

    public HsiConfig withTrain(TrainConfig t) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, model, pca, whiten, pcaFit, window, split, trainAmount,
                valFraction, t, device, splitSeed);
    }

    public HsiConfig withModel(String m) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, m, pca, whiten, pcaFit, window, split, trainAmount,
                valFraction, train, device, splitSeed);
    }

    public HsiConfig withSplitSeed(Long seed) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, model, pca, whiten, pcaFit, window, split, trainAmount,
                valFraction, train, device, seed);
    }

    public HsiConfig withSplit(String s) {
        return new HsiConfig(scene, dataDir, cube, gt, classesFile, model, pca, whiten, pcaFit, window, s, trainAmount,
                valFraction, train, device, splitSeed);
    }
}
