package dev.prism.nn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import java.nio.file.Path;

/**
 * libtorch's own warnings. DJL 0.36's bridge uses a libtorch API that libtorch deprecates, so
 * inference prints "AutoNonVariableTypeMode is deprecated" (once per thread: about 20 lines for a
 * {@code predict}), and a CPU without NNPACK support prints "Could not initialize NNPACK" at the
 * first convolution: neither is about the user's work. Prism raises libc10's log threshold to
 * errors once libtorch is loaded, so they are not printed; errors still are. Set
 * {@code -Dprism.torchWarnings=true} (the command line's {@code --verbose} does) to see them.
 */
public final class TorchLog {

    private static final int WARNING = 1;
    private static final int ERROR = 2;
    private static String state;

    private TorchLog() {}

    /** Applies the threshold (once; libtorch is loaded first). Returns what was done, for provenance. */
    public static synchronized String apply() {
        if (state != null) {
            return state;
        }
        boolean show = Boolean.getBoolean("prism.torchWarnings");
        if (NativeLibrary.loadError() != null) {
            state = "libtorch warnings shown (" + NativeLibrary.loadError() + ")";
            return state;
        }
        Engine.getEngine("PyTorch");
        int previous = setLevel(Path.of(LibUtils.getLibtorchPath()).resolve("libc10.so").toString(), show ? WARNING : ERROR);
        state = previous < 0 ? "libtorch warnings shown (libc10's log level not found)"
                : show ? "libtorch warnings shown (-Dprism.torchWarnings=true)" : "libtorch warnings hidden, errors shown";
        return state;
    }

    private static native int setLevel(String libc10, int level);
}
