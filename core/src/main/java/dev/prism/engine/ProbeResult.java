package dev.prism.engine;

import java.util.Locale;

/**
 * One probe's outcome on this machine.
 *
 * @param id unique name (operator, shape, layout, precision)
 * @param kind what the probe exercises, which decides what a failure rules out
 * @param label the operator and shape, for people
 * @param layout {@code contiguous}, {@code channels-last}, or {@code -} where the layout plays no part
 * @param precision {@code fp32} or {@code bf16}
 * @param error relative error against the reference: max |out - ref| / max |ref| over the output
 *     and every gradient (NaN when the probe did not finish)
 * @param tolerance the largest error that passes
 * @param outcome the verdict
 * @param detail where the worst error was, or how the probe died
 */
public record ProbeResult(
        String id,
        Probe.Kind kind,
        String label,
        String layout,
        String precision,
        double error,
        double tolerance,
        Outcome outcome,
        String detail) {

    /** A probe's verdict. */
    public enum Outcome {
        /** Within tolerance of the reference. */
        PASS,
        /** Finished, but outside tolerance: the kernel computes wrong values here. */
        WRONG,
        /** Killed the process (signal such as SIGFPE or SIGSEGV) or hung. */
        CRASHED,
        /** Threw an exception. */
        FAILED
    }

    /** Whether the probe ran and its error is within tolerance. */
    public boolean passed() {
        return outcome == Outcome.PASS;
    }

    /** A probe that did not finish. */
    static ProbeResult unfinished(Probe p, Outcome outcome, String detail) {
        return new ProbeResult(p.id(), p.kind(), p.label(), p.layoutName(), p.precision(), Double.NaN, p.tolerance(),
                outcome, detail);
    }

    /** One table row: label, layout, precision, error, verdict. */
    public String row() {
        String err = Double.isNaN(error) ? "-" : String.format(Locale.ROOT, "%.1e", error);
        return String.format(Locale.ROOT, "%-44s %-13s %-5s %8s  %s%s", label, layout, precision, err, outcome,
                outcome == Outcome.PASS ? "" : "  " + detail);
    }
}
