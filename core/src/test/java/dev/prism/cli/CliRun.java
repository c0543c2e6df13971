package dev.prism.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** One in-process CLI run with stdout and stderr captured. */
public record CliRun(int code, String out, String err) {

    public static CliRun of(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        System.setOut(new PrintStream(out, true));
        try {
            int code = Main.run(args);
            return new CliRun(code, out.toString(), err.toString());
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }
}
