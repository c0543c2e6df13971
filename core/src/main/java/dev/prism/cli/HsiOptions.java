package dev.prism.cli;

import dev.prism.data.hsi.PcaFit;
import dev.prism.data.hsi.SceneRegistry;
import dev.prism.data.hsi.SplitProtocol;
import dev.prism.jobs.DeviceChoice;
import dev.prism.jobs.HsiConfig;
import dev.prism.train.TrainConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** What a hyperspectral run reads and how it prepares it. */
public final class HsiOptions {

    /** Which scene: a registered one (the default) or a custom cube; picocli refuses the two together. */
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    SceneChoice which;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder holding the scene's standard GIC files (e.g. Indian_pines_corrected.mat, Indian_pines_gt.mat).")
    String data;

    @Option(names = "--gt", paramLabel = "FILE[:KEY]", description = "The custom cube's ground truth, rows x cols, 0 = unlabelled.")
    String gt;

    @Option(names = "--classes-file", paramLabel = "FILE", description = "Class names for a custom scene, line k naming label k.")
    String classesFile;

    /** A registered scene by name, or a custom cube: one or the other. */
    static final class SceneChoice {
        @Option(names = "--scene", required = true, paramLabel = "NAME", description = "Registered scene: indian-pines (bundled 8-bit copy unless --data is given), salinas, salinas-a, pavia-university, pavia-centre, ksc, botswana (default: indian-pines).")
        String scene;

        @Option(names = "--cube", required = true, paramLabel = "FILE[:KEY]", description = "A custom cube (.mat v5/v7.3, .npy, ENVI .hdr), rows x cols x bands; with --gt.")
        String cube;
    }

    /** The registered scene, or null for a custom one. */
    String scene() {
        return which == null ? "indian-pines" : which.scene; // the group holds exactly one of --scene and --cube
    }

    /** The custom cube, or null for a registered scene. */
    String cube() {
        return which == null ? null : which.cube;
    }

    @Option(names = "--pca", description = "PCA components (HybridSN: 30 for Indian Pines, 15 for the others; 0 = raw standardised bands). Default: the scene's.")
    Integer pca;

    @Option(names = "--whiten", negatable = true, defaultValue = "true", fallbackValue = "true", description = "Whiten the PCA components (default: ${DEFAULT-VALUE}).")
    boolean whiten;

    @Option(names = "--pca-fit", defaultValue = "auto", description = "Fit PCA (or, with --pca 0, the band standardisation) on 'all' pixels (the paper, test pixels included) or 'train' pixels only (no leakage); 'auto' = 'train' under every spatially separated split, 'all' under the random split. Default: ${DEFAULT-VALUE}.")
    PcaFit pcaFit;

    @Option(names = "--window", defaultValue = "25", description = "Patch side, odd (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--gap-window", paramLabel = "N", description = "Under a spatially separated --split, keep the gap a window"
            + " of N needs between training and test pixels (N odd, at least --window): runs at different windows then train and"
            + " test on the very same pixels. Default: the run's own --window.")
    Integer gapWindow;

    @Option(names = "--split", defaultValue = "random", description = "'random' (stratified per class: the paper's protocol), 'fields' (leakage-free, every class trained: each class's fields cut across their longer axis, one end training, the other testing, no training pixel inside any test window; a class whose fields are too small for that gap is not scored and split.txt says so), 'fields-kfold' (grouped cross-validation over fields, --folds of them: every labelled pixel tested exactly once, no test window holding a training pixel; the run trains every fold and pools their predictions), 'disjoint' (spatial blocks; test windows never overlap training windows; small classes may vanish) or 'disjoint-centre' (blocks; no test pixel inside any training window). The per-class counts are printed and saved as split.txt. Default: ${DEFAULT-VALUE}.")
    SplitProtocol split;

    @Option(names = "--folds", defaultValue = "3", description = "Folds of --split fields-kfold (default: ${DEFAULT-VALUE}); the fold assignment is drawn with --split-seed.")
    int folds;

    @Option(names = "--train", defaultValue = "0.3", description = "Training share per class (0..1), or pixels per class (>= 1). Default: ${DEFAULT-VALUE} (the paper).")
    double train;

    @Option(names = "--val", defaultValue = "0", description = "Share of training pixels held out for validation / early stopping (default: ${DEFAULT-VALUE}).")
    double val;

    @Option(names = "--split-seed", description = "Seed of the split alone (default: --seed), to separate split variance from initialisation variance.")
    Long splitSeed;

    HsiConfig toConfig(String model, TrainConfig t, DeviceChoice device) {
        if (pca != null && pca < 0) {
            throw new IllegalArgumentException("--pca must be >= 0 components (0 = the raw standardised bands), got " + pca);
        }
        if (!(val >= 0 && val < 1)) {
            throw new IllegalArgumentException("--val must be a fraction in [0, 1), got " + val);
        }
        if (gapWindow != null && split == SplitProtocol.RANDOM) {
            throw new IllegalArgumentException("--gap-window does not apply with --split random (it has no gap): use it with fields,"
                    + " fields-kfold, disjoint or disjoint-centre");
        }
        if (split == SplitProtocol.FIELDS_KFOLD && folds < 2) {
            throw new IllegalArgumentException("--folds must be >= 2 for --split fields-kfold, got " + folds);
        }
        int components = pca != null ? pca
                : cube() != null ? 15 : SceneRegistry.get(scene()).pcaComponents();
        return new HsiConfig(scene(), data, cube(), gt, classesFile, model, components, whiten, pcaFit,
                window, split, train, val, t, device, splitSeed, split == SplitProtocol.FIELDS_KFOLD ? folds : 0, 0, gapWindow);
    }
}
