package dev.prism.cli;

import dev.prism.jobs.HsiJob;
import dev.prism.jobs.ImageJob;
import dev.prism.jobs.RunFolder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Re-evaluate a finished run on its test pixels (rebuilt from its config and seed): metrics, confusion matrix, maps.",
            "The data must be the data it was trained on (the checksum in provenance.json), unless --allow-changed-data.",
            "Example: prism eval --run runs/2026-11-28-hsi-hybridsn-seed42"})
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR")
    Path run;

    @Option(names = "--data", paramLabel = "DIR", description = "Images: evaluate on this data folder instead of the run's.")
    String data;

    @Option(names = "--allow-changed-data", description = "Evaluate even if the data's checksum differs from the one the run recorded (a warning is printed).")
    boolean allowChangedData;

    @picocli.CommandLine.Mixin
    EngineOption engine;

    @Override
    public Integer call() throws Exception {
        dev.prism.jobs.InferenceEngine inference = engine.get();
        if (RunFolder.state(run) == RunFolder.State.EMPTY) {
            throw new IllegalArgumentException("--run " + run + ": no run there (the folder is empty or missing)");
        }
        try {
            if (RunFolder.isImageRun(run)) {
                ImageJob.evaluateRun(run, data, allowChangedData, inference, System.out);
            } else {
                if (data != null) {
                    throw new IllegalArgumentException("--data applies to image runs; " + run + " is a hyperspectral run (its scene is in its config.json)");
                }
                HsiJob.evaluateRun(run, allowChangedData, inference, System.out);
            }
        } catch (dev.prism.jobs.DataChangedException e) {
            throw new IllegalArgumentException(e.getMessage() + " (--allow-changed-data)", e);
        }
        return 0;
    }
}
