package dev.prism.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code prism} command line. Each subcommand parses, builds a config record and calls below. */
@Command(
        name = "prism",
        mixinStandardHelpOptions = true,
        version = "Prism 0.1.0 (DJL 0.36.0, PyTorch 2.7.1 CPU)",
        description = {
            "Lightweight and attention CNNs and HybridSN for hyperspectral classification, on the JVM.",
            "",
            "Start with:  prism                   (the main job: HybridSN on the bundled Indian Pines)",
            "             prism models            (the zoo)",
            "             prism summary mobilenet-v1 --alpha 0.5 --input 160",
            "             prism verify ../shared/fixtures/golden/*.json"
        },
        subcommands = {
            TrainCommand.class,
            StudyCommand.class,
            RepeatCommand.class,
            EvalCommand.class,
            PredictCommand.class,
            ModelsCommand.class,
            BenchCommand.class,
            SummaryCommand.class,
            VerifyCommand.class,
            DoctorCommand.class,
            ImportWeightsCommand.class,
            ExportWeightsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What {@code prism} with no arguments runs: the README's main job on the bundled scene. */
    static final String[] MAIN_JOB = {"train", "--task", "hsi", "--model", "hybridsn", "--epochs", "6"};

    public static void main(String[] args) {
        if (args.length == 0) {
            System.out.println("prism: main job = prism " + String.join(" ", MAIN_JOB)
                    + "  (HybridSN on the bundled Indian Pines 8-bit copy; `prism --help` for everything else)");
        }
        System.exit(run(args.length == 0 ? MAIN_JOB : args));
    }

    /** Runs the CLI and returns its exit code (for tests). */
    private static String[] currentArgs = new String[0];

    static String[] currentArgs() {
        return currentArgs.clone();
    }

    public static int run(String... args) {
        currentArgs = args.clone();
        Runtime.configure();
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof java.io.IOException
                    || ex instanceof IllegalStateException) {
                line.getErr().println("prism: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
