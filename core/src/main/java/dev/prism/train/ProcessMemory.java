package dev.prism.train;

import dev.prism.nn.MallocPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process from Linux's {@code /proc}; -1 where it is unavailable. */
public final class ProcessMemory {

    private ProcessMemory() {}

    /** Peak resident memory (VmHWM) in MiB since the process started or the last {@link #resetPeak}. */
    public static long peakRssMiB() {
        return statusMiB("VmHWM:");
    }

    /** Current resident memory (VmRSS) in MiB. */
    public static long rssMiB() {
        return statusMiB("VmRSS:");
    }

    /**
     * Resets the peak to the current resident size (Linux 4.0+: {@code echo 5 > clear_refs}), so
     * one process can measure the peak of each of several phases. Memory freed by earlier phases
     * and kept by {@link MallocPolicy} is first returned to the kernel as far as glibc can
     * ({@link MallocPolicy#trim()}), so the new peak starts nearer what is in use. Returns false if
     * not possible.
     */
    public static boolean resetPeak() {
        MallocPolicy.trim();
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Minor page faults of this process so far (field 10 of {@code /proc/self/stat}); -1 where unavailable. */
    public static long minorPageFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the command name, which is in parentheses and may hold spaces
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long statusMiB(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
