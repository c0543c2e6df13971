package dev.prism.jobs;

import dev.prism.data.hsi.SplitProtocol;
import java.util.ArrayList;
import java.util.List;

/**
 * The study's questions as arms: which models, protocols, windows and seeds each question runs,
 * and which arm each is compared with. {@link Study} runs them; {@link StudyReport} writes the
 * tables.
 */
public final class StudyArms {

    private StudyArms() {}

    /** Folds of the leakage-free protocol when the config names none. */
    public static final int DEFAULT_FOLDS = 3;

    /** The fold assignment's seed under the leakage-free protocol: fixed, so every run is scored on the same test sets. */
    public static final long FOLD_SEED = 1;

    /**
     * How many times the study's epochs the 1-D spectral CNN trains: from scratch on one spectrum
     * per sample it converges far more slowly than the spatial networks (Indian Pines, random
     * split, seed 1: OA 59% after 10 epochs, 80% after 60 with training accuracy still rising), and
     * a baseline stopped before it converges would flatter the networks it is compared with.
     */
    public static final int SPECTRAL_CNN_EPOCH_FACTOR = 10;

    /** The windows of the window sweep, beside the configured one. */
    public static final List<Integer> SWEEP_WINDOWS = List.of(9, 15);

    /**
     * The protocols a hyperspectral study compares: the paper's random split, and a leakage-free
     * one: the configured split when it is neither random nor {@code fields-kfold}, else
     * cross-validation over fields ({@link dev.prism.data.hsi.FieldFolds}; every labelled pixel
     * scored once, the same folds for every run).
     */
    public static List<HsiConfig> protocols(HsiConfig base) {
        SplitProtocol split = base.split();
        HsiConfig leakageFree = split == SplitProtocol.RANDOM || split == SplitProtocol.FIELDS_KFOLD
                ? base.withFolds(SplitProtocol.FIELDS_KFOLD, base.folds() > 0 ? base.folds() : DEFAULT_FOLDS).withSplitSeed(FOLD_SEED)
                : base;
        return List.of(base.withFolds(SplitProtocol.RANDOM, 0), leakageFree);
    }

    /**
     * 2-D CNN vs 3-D CNN vs HybridSN under both {@link #protocols}, compared with the 2-D CNN; with
     * the spectral baselines (RBF SVM, random forest and the 1-D CNN of Hu et al., on the standardised
     * bands of the centre pixel) and a window sweep
     * of the three networks ({@link #SWEEP_WINDOWS}), which tests whether spatial context is what
     * separates them; under the leakage-free protocol the sweep is run twice, with each window's own
     * gap and with the study window's gap (the same training and test pixels as the study window).
     */
    public static List<Study.Arm> twoDVersusThreeD(HsiConfig base) {
        List<String> nets = List.of("cnn2d", "cnn3d", "hybridsn");
        List<Study.Arm> arms = new ArrayList<>();
        for (HsiConfig b : protocols(base)) {
            String suffix = " / " + b.split();
            String baseline = "cnn2d" + suffix;
            arms.addAll(againstFirst(nets, suffix, (m, s) -> seeded(b.withModel(m), s)));
            for (String m : List.of("svm-rbf", "random-forest", "cnn1d")) {
                HsiConfig bands = b.withModel(m).withPca(0);
                HsiConfig spectral = m.equals("cnn1d")
                        ? bands.withTrain(bands.train().withEpochs(bands.train().epochs() * SPECTRAL_CNN_EPOCH_FACTOR)) : bands;
                arms.add(new Study.Arm(m + suffix, s -> seeded(spectral, s), baseline));
            }
            for (int w : SWEEP_WINDOWS.stream().filter(w -> w != b.window()).toList()) {
                for (String m : nets) {
                    arms.add(new Study.Arm(m + " w" + w + suffix, s -> seeded(b.withModel(m).withWindow(w), s), m + suffix));
                }
            }
            if (b.split() != SplitProtocol.RANDOM) {
                // a smaller window also narrows the gap, so its runs train on more pixels and are scored on others: these
                // arms keep the study window's gap, so that only the window differs from the network's own arm
                for (int w : SWEEP_WINDOWS.stream().filter(w -> w < b.window()).toList()) {
                    for (String m : nets) {
                        arms.add(new Study.Arm(m + " w" + w + " gap" + b.window() + suffix,
                                s -> seeded(b.withModel(m).withWindow(w).withGapWindow(b.window()), s), m + suffix));
                    }
                }
            }
        }
        return arms;
    }

    /** {@code c} with training seed {@code s}; under the random split the split follows it, under cross-validation the folds stay. */
    private static HsiConfig seeded(HsiConfig c, long s) {
        return c.withTrain(c.train().withSeed(s));
    }

    /** Every model under every protocol, the first model of each protocol the others' baseline. */
    private static List<Study.Arm> compare(HsiConfig base, List<String> models) {
        List<Study.Arm> arms = new ArrayList<>();
        for (HsiConfig b : protocols(base)) {
            arms.addAll(againstFirst(models, " / " + b.split(), (m, s) -> seeded(b.withModel(m), s)));
        }
        return arms;
    }

    /** One arm per model, labelled model + suffix, each compared with the first model's arm. */
    static List<Study.Arm> againstFirst(List<String> models, String suffix,
            java.util.function.BiFunction<String, Long, Object> config) {
        List<Study.Arm> arms = new ArrayList<>();
        for (String m : models) {
            arms.add(new Study.Arm(m + suffix, s -> config.apply(m, s), m.equals(models.get(0)) ? null : models.get(0) + suffix));
        }
        return arms;
    }

    /**
     * HybridSN vs HybridSN-SE (channel attention), HybridSN-SA (spatial attention alone) and
     * HybridSN-CBAM (both), each under both {@link #protocols}: SA and SE separate what CBAM combines.
     */
    public static List<Study.Arm> attention(HsiConfig base) {
        return compare(base, List.of("hybridsn", "hybridsn-se", "hybridsn-sa", "hybridsn-cbam"));
    }

    /** Plain CNN vs ResNet vs SE-, ECA- and CBAM-ResNet with the same recipe and seeds, each compared with the plain CNN. */
    public static List<Study.Arm> seVersusPlain(ImageConfig base, boolean full) {
        List<String> models = full ? List.of("resnet18", "se-resnet18")
                : List.of("plain20", "resnet20", "se-resnet20", "eca-resnet20", "cbam-resnet20");
        return againstFirst(models, "", (m, s) -> base.withModel(m).withTrain(base.train().withSeed(s)));
    }

    /**
     * What drives the spread, under each of the {@link #protocols}, as a crossed design: {@code runs}
     * split seeds x {@code runs} initialisation seeds (dropout and batch order follow the
     * initialisation seed), one run per cell, analysed as a two-way random-effects model ({@link
     * dev.prism.metrics.VarianceComponents}); under cross-validation the "split" seed draws the fold
     * assignment. Beside it: the first cell repeated {@code runs} times (what is left is the engine's
     * run-to-run nondeterminism), and a PyTorch reference recipe ({@link
     * dev.prism.train.TrainConfig#asPyTorchReference}: its default initialisation, no warm-up, no
     * clipping) on split seed 1 over the same initialisation seeds, compared run by run with the
     * grid's first row.
     */
    public static List<Study.Arm> repeat(HsiConfig base, int runs) {
        List<Study.Arm> arms = new ArrayList<>();
        for (HsiConfig b : protocols(base)) {
            String suffix = " / " + b.split();
            for (long split = 1; split <= runs; split++) {
                HsiConfig row = b.withSplitSeed(split);
                arms.add(new Study.Arm("split seed " + split + suffix, s -> seeded(row, s), null, b.split().label()));
            }
            HsiConfig first = b.withSplitSeed(1L);
            arms.add(new Study.Arm("nothing varies (first cell repeated)" + suffix, s -> seeded(first, 1)));
            arms.add(new Study.Arm("PyTorch reference recipe, split seed 1" + suffix,
                    s -> first.withTrain(first.train().withSeed(s).asPyTorchReference()), "split seed 1" + suffix));
        }
        return arms;
    }
}
