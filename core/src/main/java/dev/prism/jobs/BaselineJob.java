package dev.prism.jobs;

import dev.prism.baselines.SpectralBaseline;
import dev.prism.data.hsi.Scene;
import dev.prism.data.hsi.Split;
import dev.prism.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A spectral baseline ({@link SpectralBaseline}) run like a network: the same data preparation
 * (split, and the spectral transform fitted as the config says, on training pixels under a
 * leakage-free split), the same scoring, maps, {@code results.json} and report. It uses no window:
 * each pixel is classified from its own spectrum. Fitting takes seconds to minutes, so an
 * interrupted run starts again rather than resuming.
 */
final class BaselineJob {

    private BaselineJob() {}

    static HsiJob.Result run(HsiConfig c, SpectralBaseline baseline, Path runDir, String command, PrintStream log) throws IOException {
        long t0 = System.nanoTime();
        HsiData data = HsiData.prepare(c);
        return Jobs.writing(runDir, false, () -> {
            Scene scene = data.scene();
            Split split = data.split();
            log.printf(Locale.ROOT, "%s: %s; %s split: %d train, %d val, %d test pixels%n", baseline.name(), scene.name(), split.kind(),
                    split.train().length, split.val().length, split.test().length);
            Json.write(runDir.resolve(RunFolder.CONFIG), c);
            Jobs.writeProvenance(runDir, Provenance.of(c, c.train().seed(), scene.name(), scene.checksum(), command, null), false);
            HsiJob.writeSplit(runDir, scene, split);
            SpectralBaseline.Features x = new SpectralBaseline.Features(data.transform().apply(scene.cube()), data.components());
            long t1 = System.nanoTime();
            SpectralBaseline.Fitted fitted = baseline.fit(x, labelled(scene, split.train()), labelled(scene, split.val()), scene.classes(),
                    c.train().seed(), log);
            double fitSeconds = (System.nanoTime() - t1) / 1e9;
            AtomicFiles.writeString(runDir.resolve("baseline.txt"), baseline.name() + ": " + fitted.describe() + "\n");
            int[] predicted = fitted.predict(x);
            return HsiJob.score(c, data, predicted, runDir, new HsiJob.Training(0, null, fitSeconds, t0), fitted.size(), 0,
                    "Tribuo " + baseline.name(), log);
        });
    }

    private static SpectralBaseline.Labelled labelled(Scene scene, int[] pixels) {
        int[] classes = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            classes[i] = scene.dense(pixels[i]);
        }
        return new SpectralBaseline.Labelled(pixels.clone(), classes);
    }
}
