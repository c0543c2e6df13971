package dev.prism.data.hsi;

import dev.prism.SettingException;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Principal component analysis of a cube's spectra (EJML's symmetric eigendecomposition of the
 * covariance matrix), fitted on a chosen set of pixels: all pixels as in HybridSN's code, or the
 * training pixels only (no leakage). With whitening each component is divided by the square root
 * of its variance, as scikit-learn's {@code PCA(whiten=True)}.
 */
public final class Pca {

    private final double[] mean;
    private final double[][] components; // K x B
    private final double[] variances;
    private final boolean whiten;

    private Pca(double[] mean, double[][] components, double[] variances, boolean whiten) {
        this.mean = mean;
        this.components = components;
        this.variances = variances;
        this.whiten = whiten;
    }

    /**
     * Fits the first {@code k} principal components of the spectra of {@code pixels} (every pixel of
     * the scene, as the HybridSN paper does, or only the training pixels);
     * {@code whiten} scales each component to unit variance.
     */
    public static Pca fit(Scene scene, int[] pixels, int k, boolean whiten) {
        int b = scene.bands();
        if (k < 1 || k > b) {
            throw new SettingException("PCA components", " " + k + " are more than the cube's " + b + " bands: use 1.." + b);
        }
        if (pixels.length < 2) {
            throw new IllegalArgumentException("PCA needs at least 2 pixels to fit, got " + pixels.length);
        }
        float[] cube = scene.cube();
        double[] mean = new double[b];
        for (int p : pixels) {
            for (int j = 0; j < b; j++) {
                mean[j] += cube[p * b + j];
            }
        }
        for (int j = 0; j < b; j++) {
            mean[j] /= pixels.length;
        }
        DMatrixRMaj x = new DMatrixRMaj(pixels.length, b);
        double[] xd = x.data;
        for (int i = 0; i < pixels.length; i++) {
            int base = pixels[i] * b;
            for (int j = 0; j < b; j++) {
                xd[i * b + j] = cube[base + j] - mean[j];
            }
        }
        DMatrixRMaj cov = new DMatrixRMaj(b, b);
        CommonOps_DDRM.multTransA(x, x, cov);
        CommonOps_DDRM.divide(cov, pixels.length - 1);
        List<Integer> constant = new ArrayList<>();
        for (int j = 0; j < b; j++) {
            if (cov.get(j, j) == 0) {
                constant.add(j);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(b, true, true);
        if (!eig.decompose(cov)) {
            throw new IllegalStateException("PCA: eigendecomposition of the " + b + " x " + b + " covariance failed");
        }
        Integer[] order = new Integer[b];
        for (int i = 0; i < b; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (i, j) -> Double.compare(eig.getEigenvalue(j).real, eig.getEigenvalue(i).real));
        double top = Math.max(eig.getEigenvalue(order[0]).real, 0);
        double[][] comps = new double[k][];
        double[] vars = new double[k];
        for (int c = 0; c < k; c++) {
            double var = eig.getEigenvalue(order[c]).real;
            if (!(var > 1e-10 * top)) {
                throw new IllegalArgumentException("PCA component " + (c + 1) + " of " + k + " has zero variance: the cube has only "
                        + c + " informative directions" + (constant.isEmpty() ? "" : " (constant bands, 0-based: " + constant + ")")
                        + "; use --pca " + c + " or fewer");
            }
            DMatrixRMaj v = eig.getEigenVector(order[c]);
            comps[c] = v.data.clone();
            vars[c] = var;
        }
        return new Pca(mean, comps, vars, whiten);
    }

    /** The number of components kept. */
    public int components() {
        return components.length;
    }

    /** The variance along each kept component, largest first. */
    public double[] variances() {
        return variances.clone();
    }

    /** This PCA as a {@link SpectralTransform} (whitening in its scales). */
    public SpectralTransform asTransform() {
        double[] scale = new double[components.length];
        for (int c = 0; c < scale.length; c++) {
            scale[c] = whiten ? 1 / Math.sqrt(variances[c]) : 1;
        }
        return new SpectralTransform(mean.clone(), components.clone(), scale);
    }

    /** Projects every pixel of the scene: pixels x K, row-major. */
    public float[] transform(Scene scene) {
        return asTransform().apply(scene.cube());
    }
}
