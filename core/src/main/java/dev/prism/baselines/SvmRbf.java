package dev.prism.baselines;

import java.io.PrintStream;
import java.util.Locale;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.libsvm.LibSVMClassificationTrainer;
import org.tribuo.classification.libsvm.SVMClassificationType;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.LibSVMModel;
import org.tribuo.common.libsvm.SVMParameters;

/**
 * A C-SVM with an RBF kernel (LibSVM through Tribuo) on each pixel's standardised spectrum, its
 * cost and kernel width chosen on validation pixels from a small grid: C in {1, 10, 100, 1000},
 * gamma in {0.1, 1, 10} / dims (scikit-learn's 'scale' default is 1 / dims for unit-variance
 * features), the classic spectral baseline of hyperspectral classification (Melgani and Bruzzone 2004).
 */
public final class SvmRbf implements SpectralBaseline {

    static final double[] COSTS = {1, 10, 100, 1000};

    static {
        libsvm.svm.svm_set_print_string_function(line -> { }); // LibSVM prints every optimisation to stdout
    }
    static final double[] GAMMA_FACTORS = {0.1, 1, 10};

    @Override
    public String name() {
        return "svm-rbf";
    }

    @Override
    public String description() {
        return "spectral baseline: RBF SVM on each pixel's standardised spectrum, C and gamma chosen on validation pixels";
    }

    @Override
    public Fitted fit(Features x, Labelled train, Labelled val, int classes, long seed, PrintStream log) {
        Labelled[] sel = TribuoData.selection(train, val, seed);
        var fitSet = TribuoData.dataset(x, sel[0]);
        double bestAcc = -1;
        double bestC = 0;
        double bestGamma = 0;
        Model<Label> best = null;
        StringBuilder grid = new StringBuilder();
        for (double c : COSTS) {
            for (double f : GAMMA_FACTORS) {
                double gamma = f / x.dims();
                Model<Label> m = trainer(c, gamma, seed).train(fitSet);
                double acc = TribuoData.accuracy(m, x, sel[1]);
                grid.append(String.format(Locale.ROOT, "%sC=%g gamma=%.3g: %.2f%%", grid.length() == 0 ? "" : "; ", c, gamma, 100 * acc));
                log.printf(Locale.ROOT, "svm-rbf: C=%g gamma=%.3g validation accuracy %.2f%%%n", c, gamma, 100 * acc);
                if (acc > bestAcc) {
                    bestAcc = acc;
                    bestC = c;
                    bestGamma = gamma;
                    best = m;
                }
            }
        }
        // with validation pixels the grid's best model was fitted on all training pixels already; without, refit on them
        Model<Label> model = sel[0] == train ? best : trainer(bestC, bestGamma, seed).train(TribuoData.dataset(x, train));
        long svs = ((LibSVMModel<Label>) model).getInnerModels().get(0).l;
        String chosen = String.format(Locale.ROOT, "C=%g, gamma=%.3g (validation accuracy %.2f%%; %d support vectors; grid: %s)",
                bestC, bestGamma, 100 * bestAcc, svs, grid);
        return new TribuoFitted(model, chosen, svs * x.dims());
    }

    private static LibSVMClassificationTrainer trainer(double cost, double gamma, long seed) {
        SVMParameters<Label> p = new SVMParameters<>(new SVMClassificationType(SVMClassificationType.SVMMode.C_SVC), KernelType.RBF);
        p.setCost(cost);
        p.setGamma(gamma);
        p.setCacheSize(500);
        return new LibSVMClassificationTrainer(p, seed);
    }
}
