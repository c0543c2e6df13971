package dev.prism.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The malloc policy: a tensor freed by one step is reused by the next without faulting its pages back in. */
class MallocPolicyTest {

    private static final long FLOATS = 12L << 20; // 48 MiB: above glibc's default mmap threshold, below a thread heap
    private static final long PAGES = FLOATS * Float.BYTES / 4096;

    @Test
    void freedTensorMemoryIsReusedWithoutPageFaults() throws IOException {
        // on linux-x86_64 with g++ (this machine and CI) the library must load
        assertThat(MallocPolicy.apply()).startsWith("retain freed memory");
        assertThat(MallocPolicy.describe()).isEqualTo(MallocPolicy.apply());
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < 6; i++) { // glibc settles on a layout of its heaps in the first few
                allocateAndFree(m);
            }
            long before = minorFaults();
            for (int i = 0; i < 3; i++) {
                allocateAndFree(m);
            }
            // glibc's defaults map and unmap such a block on every use: 3 x 12,288 faults; the
            // policy reuses it (what remains are the JVM's own faults meanwhile)
            assertThat(minorFaults() - before).isLessThan(PAGES / 4);
        }
    }

    private static void allocateAndFree(NDManager m) {
        try (NDManager step = m.newSubManager()) {
            assertThat(step.zeros(new Shape(FLOATS)).sum().getFloat()).isZero();
        }
    }

    private static long minorFaults() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
    }
}
