package dev.prism.cli;

import dev.prism.jobs.HsiConfig;
import dev.prism.jobs.ImageConfig;
import dev.prism.jobs.RunFolder;
import dev.prism.train.TrainConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code train --resume RUN} may change: the number of epochs (extending even a finished
 * run) and the learning-rate settings, which apply from the next step on; everything that defines
 * the run itself (model, data, split, seed, batch size, optimizer) stays as in its config.json, and
 * giving it is an error rather than silently ignored. The changes are printed, written to the run's
 * config.json and recorded in {@code resumes.jsonl}.
 */
final class ResumeChanges {

    static final List<String> ALLOWED = List.of("--epochs", "--lr", "--schedule", "--warmup", "--step-every", "--step-gamma",
            "--patience", "--clip-norm");

    static final String ALLOWED_TEXT = "--lr, --schedule, --warmup, --step-every, --step-gamma, --patience and --clip-norm";

    /** The run's config with the changes, either hyperspectral or image. */
    record Plan(HsiConfig hsi, ImageConfig image) {}

    private ResumeChanges() {}

    static Plan plan(Path run, OptionUse given, TrainOptions options, PrintStream log) throws IOException {
        RunFolder.State state = RunFolder.state(run);
        if (state == RunFolder.State.EMPTY || state == RunFolder.State.FILE || state == RunFolder.State.FOREIGN) {
            throw new IllegalArgumentException("--resume " + run + " is not a Prism run folder (config.json missing)");
        }
        Set<String> fixed = new TreeSet<>(given.names());
        fixed.removeAll(ALLOWED);
        fixed.removeAll(List.of("--resume", "--verbose", "--master")); // where a run trains is not part of it
        if (!fixed.isEmpty()) {
            throw new IllegalArgumentException("--resume continues " + run + " with its own config.json: " + String.join(", ", fixed)
                    + " cannot change on resume (only --epochs and " + ALLOWED_TEXT + " can); start a new run for that");
        }
        boolean image = RunFolder.isImageRun(run);
        HsiConfig hsi = image ? null : RunFolder.config(run, HsiConfig.class);
        ImageConfig img = image ? RunFolder.config(run, ImageConfig.class) : null;
        TrainConfig before = image ? img.train() : hsi.train();
        TrainConfig after = options.applyTo(before);
        int done = RunFolder.epochsDone(run);
        if (given.has("--epochs") && after.epochs() <= done) {
            throw new IllegalArgumentException("--epochs " + after.epochs() + " is not more than the " + done + " epochs " + run
                    + " has done: give more to extend it");
        }
        if (state == RunFolder.State.FINISHED && !given.has("--epochs")) {
            throw new IllegalArgumentException(run + " is finished (" + done + " epochs): nothing to resume; prism eval --run " + run
                    + " re-evaluates it, --resume " + run + " --epochs N (N > " + done + ") extends it");
        }
        List<String> changes = differences(before, after);
        if (!changes.isEmpty()) {
            log.printf(Locale.ROOT, "resuming %s with %s (from epoch %d on; the epochs before ran with the old settings)%n",
                    run, String.join(", ", changes), done + 1);
            RunFolder.clearFailure(run);
        }
        return image ? new Plan(null, new ImageConfig(img.task(), img.data(), img.model(), img.valFraction(), img.trainLimit(), after,
                img.device())) : new Plan(hsi.withTrain(after), null);
    }

    /** "lr 0.001 -> 0.0003" for each setting that differs (settings inside TrainConfig's parts by their own names). */
    static List<String> differences(TrainConfig a, TrainConfig b) {
        List<String> out = new ArrayList<>();
        differences(a, b, out);
        return out;
    }

    private static void differences(Record a, Record b, List<String> out) {
        for (RecordComponent rc : a.getClass().getRecordComponents()) {
            try {
                Object x = rc.getAccessor().invoke(a);
                Object y = rc.getAccessor().invoke(b);
                if (x instanceof Record rx && y instanceof Record ry) {
                    differences(rx, ry, out);
                } else if (!x.equals(y)) {
                    out.add(rc.getName() + " " + x + " -> " + y);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
