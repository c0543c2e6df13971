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
            "             prism verify ../shared/fixtures/golden/*.json",
            "",
            "Exit codes: 0 done, 1 a check failed (verify), 2 bad input or a failed run (one line on stderr says why),",
            "3 internal error (add --verbose for the stack trace), 4 output could not be written."
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
            ExportOnnxCommand.class,
            MapCommand.class,
            SceneCommand.class,
            ServeCommand.class,
            DoctorCommand.class,
            ImportWeightsCommand.class,
            ExportWeightsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, print the stack trace before the one-line message.")
    boolean verbose;

    /** What {@code prism} with no arguments runs: the README's main job on the bundled scene. */
    static final String[] MAIN_JOB = {"train", "--task", "hsi", "--model", "hybridsn", "--epochs", "6"};

    public static void main(String[] args) {
        if (args.length == 0) {
            System.out.println("prism: main job = prism " + String.join(" ", MAIN_JOB)
                    + "  (HybridSN on the bundled Indian Pines 8-bit copy; `prism --help` for everything else)");
        }
        int code = run(args.length == 0 ? MAIN_JOB : args);
        if (System.out.checkError()) {
            // e.g. `prism models > /dev/full`: the output was lost, so the command did not do its job
            System.err.println("prism: could not write the output (standard output failed: disk full or closed pipe?)");
            code = code == 0 ? EXIT_OUTPUT : code;
        }
        System.exit(code);
    }

    /** Exit code of a refused input or failed run (one line on stderr says why). */
    public static final int EXIT_INPUT = 2;

    /** Exit code of an unexpected internal error (a bug: the message asks for {@code --verbose} and a report). */
    public static final int EXIT_INTERNAL = 3;

    /** Exit code when standard output could not be written. */
    public static final int EXIT_OUTPUT = 4;

    /** Runs the CLI and returns its exit code (for tests). */
    private static String[] currentArgs = new String[0];

    static String[] currentArgs() {
        return currentArgs.clone();
    }

    public static int run(String... args) {
        currentArgs = args.clone();
        if (java.util.Arrays.asList(args).contains("--verbose")) {
            System.setProperty("prism.torchWarnings", "true");
        }
        dev.prism.engine.EngineDefaults.beforeEngineStarts();
        CommandLine cl = new CommandLine(new Main());
        Choice.register(cl, dev.prism.data.hsi.SplitProtocol.class, dev.prism.data.hsi.PcaFit.class, dev.prism.jobs.DeviceChoice.class,
                dev.prism.train.Recipe.class, dev.prism.train.TrainConfig.OptimizerKind.class, dev.prism.train.Schedule.class,
                dev.prism.train.TrainConfig.Precision.class, dev.prism.models.Initialization.Scheme.class,
                dev.prism.data.hsi.SyntheticScene.Interleave.class);
        cl.setParameterExceptionHandler(Main::badParameter);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
            if (verbose) {
                ex.printStackTrace(line.getErr());
            }
            line.getErr().println("prism: " + Failures.oneLine(ex));
            return Failures.isInputError(ex) ? EXIT_INPUT : EXIT_INTERNAL;
        });
        return cl.execute(args);
    }

    /** A value or option picocli refused: one line, the option named, and where help is; exit code 2. */
    private static int badParameter(CommandLine.ParameterException ex, String[] args) {
        CommandLine.Model.ArgSpec arg = ex.getArgSpec();
        String message = ex.getCause() instanceof CommandLine.TypeConversionException t && arg instanceof CommandLine.Model.OptionSpec o
                && t.getMessage().startsWith("must be ") ? o.longestName() + " " + t.getMessage() : ex.getMessage();
        // picocli starts its argument-group messages with "Error: ", which the "prism: " prefix already says
        ex.getCommandLine().getErr().println("prism: " + message.replaceAll("\\s*\\R\\s*", " ").strip().replaceFirst("^Error: ", "")
                + " (see " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
        return EXIT_INPUT;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
