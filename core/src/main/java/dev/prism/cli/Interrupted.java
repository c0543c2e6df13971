package dev.prism.cli;

import java.io.PrintStream;

/**
 * Says how to continue when the user stops a long command with Ctrl-C (or the process is sent
 * SIGTERM): the work is checkpointed epoch by epoch, so the hint is the command that resumes it.
 */
final class Interrupted implements AutoCloseable {

    private final Thread hook;

    private Interrupted(Thread hook) {
        this.hook = hook;
    }

    /** Prints {@code hint} on stderr if the process is stopped before {@link #close()}. */
    static Interrupted hint(String hint) {
        PrintStream err = System.err;
        Thread hook = new Thread(() -> {
            err.println();
            err.println("prism: interrupted; " + hint);
            err.flush();
        }, "prism-interrupt-hint");
        java.lang.Runtime.getRuntime().addShutdownHook(hook);
        return new Interrupted(hook);
    }

    @Override
    public void close() {
        try {
            java.lang.Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs
        }
    }
}
