package dev.prism.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes and reads of several slices land at their positions, byte for byte. */
class ChannelSlicesTest {

    @TempDir
    Path dir;

    @Test
    void positionalWritesAndReadsOfManySlicesKeepEveryByteInPlace() throws IOException {
        byte[] data = new byte[200_003]; // three slices and a bit
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        Path file = dir.resolve("f.bin");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ChannelSlices.write(ch, ByteBuffer.wrap(new byte[1000]));
            ChannelSlices.write(ch, ByteBuffer.wrap(data), 1000);
            ChannelSlices.write(ch, ByteBuffer.wrap(data, 5, 10), 0); // a part of an array, at the start
        }
        byte[] all = Files.readAllBytes(file);
        assertThat(all).hasSize(1000 + data.length);
        for (int i = 0; i < data.length; i++) {
            assertThat(all[1000 + i]).as("byte %d", i).isEqualTo(data[i]);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(all[i]).isEqualTo(data[5 + i]);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer back = ChannelSlices.readFully(ch, ByteBuffer.allocate(data.length), 1000, file);
            assertThat(back.remaining()).isEqualTo(data.length);
            assertThat(back.array()).isEqualTo(data);
            assertThatThrownBy(() -> ChannelSlices.readFully(ch, ByteBuffer.allocate(data.length), 2000, file))
                    .hasMessage(file + ": ends early");
        }
    }
}
