package dev.prism.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar with loss, accuracy, samples/s and ETA on a terminal; plain lines (at most one
 * every few seconds) when output is not a terminal, so logs stay readable.
 */
public final class Progress {

    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long lastPrint;

    /**
     * A bar on {@code out} for {@code total} items, {@code label} in front of it; a terminal gets a
     * redrawn bar, anything else a line every ten seconds.
     */
    public Progress(PrintStream out, String label, long total) {
        this(out, System.console() != null, label, total);
    }

    Progress(PrintStream out, boolean terminal, String label, long total) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
    }

    /** Reports {@code done} of {@code total} with a free-form status such as "loss 0.53 acc 81.2%". */
    public void update(long done, String status) {
        long now = System.nanoTime();
        boolean last = done >= total;
        if (!last && now - lastPrint < (terminal ? 200_000_000L : 10_000_000_000L)) {
            return;
        }
        lastPrint = now;
        double secs = (now - startNanos) / 1e9;
        double rate = done / Math.max(secs, 1e-9);
        double eta = rate > 0 ? (total - done) / rate : 0;
        String line = String.format(Locale.ROOT, "%s %s %d/%d %s %.0f samples/s ETA %s",
                label, bar(done), done, total, status, rate, time(eta));
        if (terminal) {
            out.print("\r" + line + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    private String bar(long done) {
        int width = 24;
        int filled = (int) (width * Math.min(1.0, done / (double) Math.max(1, total)));
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    static String time(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
