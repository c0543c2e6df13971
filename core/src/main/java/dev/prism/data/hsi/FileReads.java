package dev.prism.data.hsi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Positional reads that fill a heap buffer in slices (the JDK stages each read in a cached direct buffer of the read's size). */
final class FileReads {

    private static final int SLICE = 1 << 20;

    private FileReads() {}

    /** Fills {@code buf} from byte {@code pos} of {@code channel}; flipped for reading. */
    static ByteBuffer readFully(FileChannel channel, ByteBuffer buf, long pos, Path file) throws IOException {
        int end = buf.capacity();
        while (buf.position() < end) {
            buf.limit(Math.min(end, buf.position() + SLICE));
            if (channel.read(buf, pos + buf.position()) < 0) {
                throw new IOException(file + ": ends early");
            }
        }
        buf.limit(end);
        return buf.flip();
    }
}
