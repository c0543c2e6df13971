package dev.prism.jobs;

import com.google.gson.JsonObject;
import dev.prism.io.AtomicFiles;
import dev.prism.metrics.Stats;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * The study's questions as repeatable experiments: each arm is run for N
 * seeds (each run a normal run folder, skipped when its {@code results.json} already exists, so a
 * study interrupted in one session finishes in the next), then OA/AA/Kappa are reported as
 * mean ± sample std in {@code study.md} and {@code study.json}.
 */
public final class Study {

    /** One arm: a label and the config ({@link HsiConfig} or {@link ImageConfig}) it runs for a given seed. */
    public record Arm(String label, LongFunction<Object> configForSeed) {}

    /** One row of the table. */
    public record Row(String label, String model, String split, int runs, double[] oa, double[] aa, double[] kappa,
            long params, long macs, double meanTrainSeconds, int collapsedRuns) {}

    private Study() {}

    /** 2-D CNN vs 3-D CNN vs HybridSN under the same protocol. */
    public static List<Arm> twoDVersusThreeD(HsiConfig base) {
        List<Arm> arms = new ArrayList<>();
        for (String m : List.of("cnn2d", "cnn3d", "hybridsn")) {
            arms.add(new Arm(m, s -> base.withModel(m).withTrain(base.train().withSeed(s))));
        }
        return arms;
    }

    /** HybridSN vs HybridSN-SE (channel attention) vs HybridSN-CBAM (channel and spatial), each under the random and the spatially disjoint split. */
    public static List<Arm> attention(HsiConfig base) {
        List<Arm> arms = new ArrayList<>();
        for (String split : List.of("random", "disjoint")) {
            for (String m : List.of("hybridsn", "hybridsn-se", "hybridsn-cbam")) {
                arms.add(new Arm(m + " / " + split, s -> base.withModel(m).withSplit(split).withTrain(base.train().withSeed(s))));
            }
        }
        return arms;
    }

    /** Plain CNN vs ResNet vs SE-ResNet with the same recipe and seeds. */
    public static List<Arm> seVersusPlain(ImageConfig base, boolean full) {
        List<Arm> arms = new ArrayList<>();
        for (String m : full ? List.of("resnet18", "se-resnet18") : List.of("plain20", "resnet20", "se-resnet20")) {
            arms.add(new Arm(m, s -> base.withModel(m).withTrain(base.train().withSeed(s))));
        }
        return arms;
    }

    /** What drives the spread: everything varying, only initialisation (and dropout), only the split. */
    public static List<Arm> repeat(HsiConfig base) {
        long fixed = 1000;
        return List.of(
                new Arm("all seeds vary", s -> base.withTrain(base.train().withSeed(s)).withSplitSeed(null)),
                new Arm("init + dropout vary, split fixed", s -> base.withTrain(base.train().withSeed(s)).withSplitSeed(fixed)),
                new Arm("split varies, init + dropout fixed", s -> base.withTrain(base.train().withSeed(fixed)).withSplitSeed(s)));
    }

    public static List<Row> run(String name, String question, List<Arm> arms, int runs, Path outDir, String command,
            PrintStream log) throws IOException {
        Files.createDirectories(outDir);
        List<Row> rows = new ArrayList<>();
        for (Arm arm : arms) {
            double[] oa = new double[runs];
            double[] aa = new double[runs];
            double[] kappa = new double[runs];
            double seconds = 0;
            int collapsed = 0;
            Object first = null;
            long params = 0;
            long macs = 0;
            for (int i = 0; i < runs; i++) {
                long seed = i + 1;
                Object c = arm.configForSeed().apply(seed);
                first = first == null ? c : first;
                Path runDir = outDir.resolve(arm.label().replaceAll("[^A-Za-z0-9]+", "-") + "-seed" + seed);
                Path results = runDir.resolve("results.json");
                if (!Files.isRegularFile(results)) {
                    log.printf(Locale.ROOT, "== %s: %s, run %d/%d -> %s%n", name, arm.label(), i + 1, runs, runDir);
                    boolean resume = Files.isRegularFile(runDir.resolve("checkpoints/last.safetensors"));
                    if (c instanceof HsiConfig h) {
                        HsiJob.run(h, runDir, resume, command, log);
                    } else {
                        ImageJob.run((ImageConfig) c, runDir, resume, command, log);
                    }
                } else {
                    log.printf(Locale.ROOT, "== %s: %s, run %d/%d already done (%s)%n", name, arm.label(), i + 1, runs, runDir);
                }
                JsonObject r = Json.GSON.fromJson(Files.readString(results), JsonObject.class);
                JsonObject test = r.getAsJsonObject("test");
                oa[i] = test.get("oa").getAsDouble();
                aa[i] = test.get("aa").getAsDouble();
                kappa[i] = test.get("kappa").getAsDouble();
                seconds += r.get("trainSeconds").getAsDouble();
                collapsed += r.has("collapsed") && r.get("collapsed").getAsBoolean() ? 1 : 0;
                params = r.has("params") ? r.get("params").getAsLong() : 0;
                macs = r.has("macs") ? r.get("macs").getAsLong() : 0;
            }
            String model = first instanceof HsiConfig h ? h.model() : ((ImageConfig) first).model();
            String split = first instanceof HsiConfig h ? h.split() : "test set";
            rows.add(new Row(arm.label(), model, split, runs, oa, aa, kappa, params, macs, seconds / runs, collapsed));
        }
        write(name, question, rows, outDir, command);
        return rows;
    }

    static void write(String name, String question, List<Row> rows, Path outDir, String command) throws IOException {
        StringBuilder md = new StringBuilder("# Study: ").append(name).append("\n\n").append(question).append("\n\n");
        md.append("Command: `").append(command).append("`\n\n");
        md.append("| arm | model | split | runs | OA (accuracy) | AA | Kappa | params | mult-adds | train s/run | collapsed |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s | %s | %,d | %.1fM | %.0f | %d |\n", r.label(), r.model(),
                    r.split(), r.runs(), Stats.meanStd(r.oa()), Stats.meanStd(r.aa()), Stats.meanStd(r.kappa()), r.params(),
                    r.macs() / 1e6, r.meanTrainSeconds(), r.collapsedRuns()));
        }
        md.append("\nOA (for images: test accuracy), AA in percent, Kappa x 100; mean ± sample standard deviation over runs "
                + "(seeds 1..N). Parameters and multiply-adds per sample.\n");
        AtomicFiles.writeString(outDir.resolve("study.md"), md.toString());
        Json.write(outDir.resolve("study.json"), rows);
    }
}
