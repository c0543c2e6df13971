package dev.prism.jobs;

import dev.prism.data.hsi.SpectralTransform;
import dev.prism.models.ModelOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a hyperspectral run needs, beside its weights, to classify pixels of any scene with the
 * training scene's band layout: the network's options, the class names (in score order; their
 * colours are {@code report.Images.color(k)}), and the spectral transform (PCA or band
 * standardisation) fitted when it trained, never refitted on another scene. Written as
 * {@code classifier.json} into every hyperspectral run folder.
 *
 * @param model the registry name
 * @param options the network's options (classes, components, window)
 * @param classNames one per class, in score order
 * @param transform spectra to the network's input channels
 * @param trainingScene the name of the scene it was trained on
 * @param wavelengths the training cube's band centres where its header gave them (ENVI), else null
 */
public record Classifier(String model, ModelOptions options, List<String> classNames, SpectralTransform transform, String trainingScene,
        double[] wavelengths) {

    /** The file in a run folder. */
    public static final String FILE = "classifier.json";

    /** The classifier of a prepared run. */
    static Classifier of(HsiConfig c, HsiData data) {
        double[] wavelengths = null;
        if (c.cube() != null) {
            try {
                wavelengths = dev.prism.data.hsi.SceneLoader.header(c.cube()).wavelengths();
            } catch (java.io.IOException | RuntimeException e) {
                wavelengths = null; // a header that cannot be read gives no wavelengths; the cube itself was read already
            }
        }
        return new Classifier(c.model(), data.modelOptions(), data.scene().classNames(), data.transform(), data.scene().name(), wavelengths);
    }

    /** Writes it into {@code runDir}. */
    void write(Path runDir) throws IOException {
        Json.write(runDir.resolve(FILE), this);
    }

    /**
     * The classifier of a hyperspectral run: its {@code classifier.json}; a run trained before that
     * file existed has it rebuilt from its config and training data (said on {@code log}) and written.
     */
    public static Classifier load(Path runDir, PrintStream log) throws IOException {
        Path f = runDir.resolve(FILE);
        if (Files.isRegularFile(f)) {
            Classifier c = Json.read(f, Classifier.class);
            if (c.model() == null || c.options() == null || c.classNames() == null || c.transform() == null) {
                throw new IOException(f + " lacks the model, options, class names or spectral transform: it was edited or damaged");
            }
            return c;
        }
        HsiConfig config = RunFolder.config(runDir, HsiConfig.class);
        log.println("this run predates " + FILE + ": rebuilding its spectral transform from its training data (" + (config.cube() != null ? config.cube() : config.scene()) + ")");
        Classifier c = of(config, HsiData.prepare(config));
        c.write(runDir);
        return c;
    }
}
