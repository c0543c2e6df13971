package dev.prism.nn;

/**
 * Keeps the memory that libtorch frees inside the process for the next training step instead of
 * handing it back to the kernel, which would hand it back zero-filled, one page fault per 4 KiB.
 *
 * <p>libtorch allocates every tensor with glibc's {@code malloc}. With glibc's defaults a block of
 * 32 MiB or more is a fresh {@code mmap} unmapped again on {@code free}, and the 64 MiB heaps of
 * the arenas that Java's threads allocate from are unmapped or shrunk as soon as they empty; the
 * next step faults all of that memory back in and the kernel zeroes it. A training step of
 * HybridSN at batch 64 took about 170,000 minor page faults (650 MB re-faulted), SE-ResNet18 about
 * 30,000 (PyTorch 1.13, with the same glibc: 272,000 and 9,000-43,000). This policy sets, through {@code mallopt}: no {@code mmap}'d blocks
 * ({@code M_MMAP_MAX} 0), no trimming below 2 GiB of free top ({@code M_TRIM_THRESHOLD}), and a
 * 64 MiB top pad ({@code M_TOP_PAD}, which also stops a thread arena's emptied heaps from being
 * unmapped). Steps then take a few thousand faults at most. The process keeps its peak working
 * set resident between steps rather than returning it (it would need it back at the next step),
 * and its peak can be higher than with glibc's defaults (the whole benchmark job: 1.3-1.5 GiB
 * against 0.9); {@link #trim()} returns what glibc can before a benchmark measures a section's
 * own peak. Blocks above 64 MiB allocated from a Java thread are still mapped per use: glibc
 * maps what a thread arena's heap cannot hold whatever the settings.
 *
 * <p>PyTorch users get the same effect from preloading jemalloc or tcmalloc, as PyTorch's CPU
 * performance tuning guide advises. Measured with {@code bench/profile/TrainProfile.java}, policy
 * on and off alternated: HybridSN's forward and backward 1.35x faster, SE-ResNet18's about 1.1x
 * ({@code docs/results.md}). Applied by the command line before any work; off with
 * {@code -Dprism.mallocPolicy=default} (glibc's defaults). Each run's {@code provenance.json}
 * records which policy ran.
 */
public final class MallocPolicy {

    private static final int TRIM_THRESHOLD = Integer.MAX_VALUE; // bytes of free top before glibc trims (2 GiB)
    private static final int TOP_PAD = 64 << 20; // a thread arena's heap size: none is unmapped once made
    private static boolean retaining;
    private static String state = "glibc defaults (not applied)";

    private MallocPolicy() {}

    /**
     * Applies the policy to this process unless {@code -Dprism.mallocPolicy=default}; idempotent.
     * Returns {@link #describe()}. Throws {@link IllegalArgumentException} for any other value of
     * that property than {@code retain} or {@code default}.
     */
    public static synchronized String apply() {
        if (retaining) {
            return state;
        }
        if (!retainRequested(System.getProperty("prism.mallocPolicy"))) {
            state = "glibc defaults (-Dprism.mallocPolicy=default)";
        } else if (NativeLibrary.loadError() != null) {
            state = "glibc defaults (" + NativeLibrary.loadError() + ")";
        } else if (!retainFreedMemory(TRIM_THRESHOLD, TOP_PAD)) {
            state = "glibc defaults (mallopt refused the settings)";
        } else {
            retaining = true;
            state = "retain freed memory (mallopt M_MMAP_MAX=0, M_TRIM_THRESHOLD=2 GiB, M_TOP_PAD=64 MiB)";
        }
        return state;
    }

    /**
     * Reads {@code -Dprism.mallocPolicy}: unset, blank or {@code retain} asks for the policy,
     * {@code default} for glibc's defaults; anything else is refused, naming the property.
     */
    static boolean retainRequested(String value) {
        if (value == null || value.isBlank()) {
            return true;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "retain" -> true;
            case "default" -> false;
            default -> throw new IllegalArgumentException(
                    "-Dprism.mallocPolicy must be retain (keep freed memory, the default) or default (glibc's settings), got '"
                            + value + "'");
        };
    }

    /** The policy in force, for provenance. */
    public static synchronized String describe() {
        return state;
    }

    /**
     * Returns freed memory to the kernel as far as glibc can (its {@code malloc_trim}, and a trim of
     * the calling thread's arena), so that a measurement of peak resident memory that follows
     * starts nearer what is in use. Best effort: free space at the top of another thread's arena
     * stays. Does nothing unless the policy is in force.
     */
    public static synchronized void trim() {
        if (retaining) {
            trim0(TRIM_THRESHOLD, TOP_PAD);
        }
    }

    private static native boolean retainFreedMemory(int trimThreshold, int topPad);

    private static native boolean trim0(int trimThreshold, int topPad);
}
