package dev.prism.baselines;

import java.io.PrintStream;
import java.util.Locale;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.EnsembleModel;

/**
 * A random forest (Breiman 2001) of 200 unpruned CART trees on each pixel's spectrum, each split
 * choosing among sqrt(dims) random features, majority vote: scikit-learn's defaults, with no
 * hyper-parameter to choose (the validation pixels only report its accuracy).
 */
public final class RandomForest implements SpectralBaseline {

    static final int TREES = 200;

    @Override
    public String name() {
        return "random-forest";
    }

    @Override
    public String description() {
        return "spectral baseline: random forest of 200 CART trees on each pixel's spectrum, sqrt(bands) features per split";
    }

    @Override
    public Fitted fit(Features x, Labelled train, Labelled val, int classes, long seed, PrintStream log) {
        float fraction = (float) (Math.sqrt(x.dims()) / x.dims());
        CARTClassificationTrainer tree = new CARTClassificationTrainer(Integer.MAX_VALUE, fraction, false, seed);
        Model<Label> model;
        // Tribuo logs a line per tree at INFO: 200 lines a run in the study's log, saying nothing the result does not
        java.util.logging.Logger bagging = java.util.logging.Logger.getLogger("org.tribuo.ensemble.BaggingTrainer");
        java.util.logging.Level before = bagging.getLevel();
        bagging.setLevel(java.util.logging.Level.WARNING);
        try {
            model = new RandomForestTrainer<>(tree, new VotingCombiner(), TREES, seed).train(TribuoData.dataset(x, train));
        } finally {
            bagging.setLevel(before);
        }
        int depth = 0;
        for (Model<Label> m : ((EnsembleModel<Label>) model).getModels()) {
            depth = Math.max(depth, ((TreeModel<Label>) m).getDepth());
        }
        String validation = val.rows().length == 0 ? "no validation pixels"
                : String.format(Locale.ROOT, "validation accuracy %.2f%%", 100 * TribuoData.accuracy(model, x, val));
        log.println("random-forest: " + validation);
        return new TribuoFitted(model, String.format(Locale.ROOT, "%d trees (deepest %d), %.3f of the features per split, %s", TREES,
                depth, fraction, validation), 0);
    }
}
