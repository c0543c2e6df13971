package dev.prism.cli;

import dev.prism.nn.MallocPolicy;

/**
 * Process-wide settings applied before DJL starts: offline mode (nothing is ever downloaded),
 * intra-op threads = cores and one inter-op thread (measured fastest on the 2-core machine), quiet
 * logging, and a malloc that keeps freed memory for the next step ({@link MallocPolicy}).
 */
final class Runtime {

    private Runtime() {}

    static void configure() {
        setDefault("ai.djl.offline", "true");
        setDefault("ai.djl.pytorch.num_interop_threads", "1");
        setDefault("ai.djl.pytorch.num_threads", Integer.toString(java.lang.Runtime.getRuntime().availableProcessors()));
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setDefault("ai.djl.pytorch.graph_optimizer", "false");
        // a machine without a GPU (or with an old driver) is normal: do not warn about it
        setDefault("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        MallocPolicy.apply();
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
