package dev.prism.jobs;

import dev.prism.data.hsi.FieldFolds;
import dev.prism.data.hsi.FieldSplit;
import dev.prism.data.hsi.PatchSamples;
import dev.prism.data.hsi.Pca;
import dev.prism.data.hsi.PcaFit;
import dev.prism.data.hsi.Scene;
import dev.prism.data.hsi.SceneLoader;
import dev.prism.data.hsi.SceneRegistry;
import dev.prism.data.hsi.SpectralTransform;
import dev.prism.data.hsi.Split;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The deterministic data side of a hyperspectral run: scene, split and reduced patches, rebuilt
 * identically from a {@link HsiConfig} (so {@code eval} needs no stored copy of them).
 */
public record HsiData(Scene scene, Split split, PatchSamples samples, SpectralTransform transform) {

    /** The network's input channels per window: PCA components, or the bands. */
    public int components() {
        return transform.channels();
    }

    /** What a network for these windows must take: the scene's classes, the reduced bands, the window. */
    public dev.prism.models.ModelOptions modelOptions() {
        return dev.prism.models.ModelOptions.defaults().withClasses(scene.classes()).withBands(components()).withWindow(samples.window());
    }

    public static Scene loadScene(HsiConfig c) throws IOException {
        if (c.cube() != null || c.gt() != null) {
            if (c.cube() == null || c.gt() == null) {
                throw new IllegalArgumentException("a custom scene needs both --cube FILE[:KEY] and --gt FILE[:KEY]");
            }
            return SceneLoader.custom(c.cube(), c.gt(), c.classesFile() == null ? null : Path.of(c.classesFile()));
        }
        if (c.dataDir() == null) {
            if (!"indian-pines".equals(c.scene())) {
                throw new IllegalArgumentException("scene '" + c.scene() + "' is not bundled: give --data DIR with its files "
                        + "(only indian-pines ships with Prism)");
            }
            return SceneLoader.bundled();
        }
        return SceneLoader.registered(SceneRegistry.get(c.scene()), Path.of(c.dataDir()));
    }

    /** Scene, split and windows of {@code c}; for a cross-validated config, of its fold {@link HsiConfig#fold()}. */
    public static HsiData prepare(HsiConfig c) throws IOException {
        Scene scene = loadScene(c);
        Split split = split(c, scene);
        int[] fit = c.effectivePcaFit() == PcaFit.ALL ? java.util.stream.IntStream.range(0, scene.pixels()).toArray() : split.train();
        SpectralTransform transform = c.pca() > 0 ? Pca.fit(scene, fit, c.pca(), c.whiten()).asTransform()
                : SpectralTransform.standardisation(scene.cube(), scene.bands(), fit, scene.name());
        return new HsiData(scene, split, new PatchSamples(scene, transform.apply(scene.cube()), transform.channels(), c.window()), transform);
    }

    /** The split {@code c} names, drawn with its split seed. */
    static Split split(HsiConfig c, Scene scene) {
        long seed = c.effectiveSplitSeed();
        return switch (c.split()) {
            case RANDOM -> Split.stratified(scene, c.trainAmount(), c.valFraction(), seed);
            case DISJOINT -> Split.disjoint(scene, c.trainAmount(), c.gapWindowOrWindow(), Split.Gap.WINDOW, c.valFraction(), seed);
            case DISJOINT_CENTRE -> Split.disjoint(scene, c.trainAmount(), c.gapWindowOrWindow(), Split.Gap.CENTRE, c.valFraction(), seed);
            case FIELDS -> FieldSplit.of(scene, c.trainAmount(), c.gapWindowOrWindow(), Split.Gap.CENTRE, c.valFraction(), seed);
            case FIELDS_KFOLD -> {
                if (c.fold() < 1) {
                    throw new IllegalStateException("a cross-validated config is prepared fold by fold (CrossValidation)");
                }
                yield FieldFolds.of(scene, c.folds(), seed).split(scene, c.fold() - 1, Split.Gap.CENTRE.radius(c.gapWindowOrWindow()),
                        c.trainAmount(), c.valFraction(), seed * 31 + c.fold());
            }
        };
    }
}
