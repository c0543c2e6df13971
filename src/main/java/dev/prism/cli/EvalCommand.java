package dev.prism.cli;

import dev.prism.jobs.HsiJob;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Re-evaluate a finished run on its test pixels (rebuilt from its config and seed): metrics, confusion matrix, maps.",
            "Example: prism eval --run runs/2026-11-28-hsi-hybridsn-seed42"})
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR")
    Path run;

    @Option(names = "--data", paramLabel = "DIR", description = "Images: evaluate on this data folder instead of the run's.")
    String data;

    @Override
    public Integer call() throws Exception {
        java.nio.file.Path cfg = run.resolve("config.json");
        if (!java.nio.file.Files.isRegularFile(cfg)) {
            throw new IllegalArgumentException(run + " is not a Prism run folder: config.json is missing");
        }
        if (RunFolders.isImageRun(java.nio.file.Files.readString(cfg))) {
            dev.prism.jobs.ImageJob.evaluateRun(run, data, System.out);
        } else {
            HsiJob.evaluateRun(run, System.out);
        }
        return 0;
    }
}
