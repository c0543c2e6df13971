package dev.prism.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.train.ProcessMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    /**
     * A large write costs no lasting native memory: handing the whole array to a file channel made
     * the JDK keep a direct buffer of its size (a checkpoint's) for the rest of the process.
     */
    @Test
    void aLargeWriteLeavesNoBufferOfItsSizeBehind() throws Exception {
        byte[] big = new byte[96 << 20];
        Arrays.fill(big, (byte) 7); // touched: its pages are resident before the first measurement
        Path file = dir.resolve("big.bin");
        long before = ProcessMemory.rssMiB();
        for (int i = 0; i < 3; i++) {
            AtomicFiles.write(file, big);
        }
        long after = ProcessMemory.rssMiB();
        assertThat(Files.size(file)).isEqualTo(big.length);
        assertThat(after - before).as("resident MiB gained over three 96 MiB writes").isLessThan(32);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).as("no temporary file left").containsExactly("big.bin");
        }
    }
}
