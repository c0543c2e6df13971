package dev.prism.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.prism.nn.MallocPolicy;

/**
 * The engine settings Prism runs fastest with, applied without anyone having to remember them:
 * offline mode (nothing is ever downloaded), intra-op threads = cores and one inter-op thread
 * (measured fastest on the 2-core machine: {@code docs/performance.md}), quiet logging, and a
 * malloc that keeps freed memory for the next step ({@link MallocPolicy}).
 *
 * <p>The command line calls {@link #beforeEngineStarts()} first thing, so DJL reads them when it
 * loads libtorch. A library user need not call anything else: the engine self-check
 * ({@link EngineCheck#check()}, which every entry point calls) calls {@link #apply()}, which
 * also sets the threads on an engine that was already running (a user who made an
 * {@code NDManager} first). A value the user set as a system property ({@code -Dai.djl.pytorch.num_threads},
 * {@code -Dai.djl.pytorch.num_interop_threads}) is always kept.
 */
public final class EngineDefaults {

    private static final String INTRA = "ai.djl.pytorch.num_threads";
    private static final String INTER = "ai.djl.pytorch.num_interop_threads";
    private static String note;

    private EngineDefaults() {}

    /** Sets the defaults as system properties (each only if unset) and the malloc policy; loads nothing. */
    public static synchronized void beforeEngineStarts() {
        setDefault("ai.djl.offline", "true");
        setDefault(INTER, "1");
        setDefault(INTRA, Integer.toString(Runtime.getRuntime().availableProcessors()));
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setDefault("ai.djl.pytorch.graph_optimizer", "false");
        // a machine without a GPU (or with an old driver) is normal: do not warn about it
        setDefault("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        MallocPolicy.apply();
    }

    /**
     * {@link #beforeEngineStarts()}, then makes the running engine use the thread counts of the
     * properties: libtorch lets intra-op threads change at any time, inter-op threads only before
     * its first parallel work (if that has passed, {@link #describe()} says so). Idempotent.
     */
    public static synchronized void apply() {
        beforeEngineStarts();
        Engine.getInstance(); // loads libtorch, which reads the properties if it was not loaded yet
        int intra = Integer.parseInt(System.getProperty(INTRA));
        int inter = Integer.parseInt(System.getProperty(INTER));
        if (JniUtils.getNumThreads() != intra) {
            JniUtils.setNumThreads(intra);
        }
        if (JniUtils.getNumInteropThreads() != inter && note == null) {
            try {
                JniUtils.setNumInteropThreads(inter);
            } catch (RuntimeException e) {
                note = "inter-op threads stay " + JniUtils.getNumInteropThreads() + " (libtorch had started parallel work before Prism"
                        + " could set " + inter + "; set -D" + INTER + " before creating the first NDManager)";
            }
        }
    }

    /** The engine's actual thread counts, e.g. {@code intra-op 2, inter-op 1}, and why they differ from Prism's choice if they do. */
    public static String describe() {
        return "intra-op " + JniUtils.getNumThreads() + ", inter-op " + JniUtils.getNumInteropThreads() + (note == null ? "" : "; " + note);
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
