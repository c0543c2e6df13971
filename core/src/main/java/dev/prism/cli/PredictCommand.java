package dev.prism.cli;

import dev.prism.jobs.ImageJob;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classify image files with a trained image run: the top-k classes and their probabilities.",
            "Example: prism predict --run runs/2026-11-28-image-se-resnet20-seed42 cat.png dog.jpg"})
final class PredictCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR")
    Path run;

    @Option(names = "--top", defaultValue = "3", description = "How many classes to show (default: ${DEFAULT-VALUE}).")
    int top;

    @picocli.CommandLine.Mixin
    EngineOption engine;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        dev.prism.jobs.InferenceEngine e = engine.get();
        if (top < 1) {
            throw new IllegalArgumentException("--top must be >= 1, got " + top);
        }
        if (dev.prism.jobs.RunFolder.state(run) != dev.prism.jobs.RunFolder.State.EMPTY && !dev.prism.jobs.RunFolder.isImageRun(run)) {
            throw new IllegalArgumentException("--run " + run + " is a hyperspectral run: predict classifies image files with an image run;"
                    + " a hyperspectral run's map of its scene is map-prediction.png in its folder (prism eval --run " + run + " redraws it)");
        }
        ImageJob.predict(run, images, top, e, System.err).forEach(System.out::println);
        return 0;
    }
}
