package dev.prism.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * File-channel reads and writes of heap buffers, a slice at a time. The JDK stages every channel
 * read or write of a heap buffer in a temporary direct buffer of the whole request's size and
 * keeps that buffer per thread for the rest of the process, so one 60 MB write pins 60 MB of
 * native memory (the main job's memory regression of 2026-11-30, {@code docs/results-log.md}).
 * Every channel I/O of Prism's goes through here.
 */
public final class ChannelSlices {

    /** Bytes handed to the channel at a time. */
    private static final int SLICE = 1 << 16;

    private ChannelSlices() {}

    /** Writes all of {@code data} at the channel's position. */
    public static void write(FileChannel channel, ByteBuffer data) throws IOException {
        int end = data.limit();
        while (data.position() < end) {
            data.limit(Math.min(end, data.position() + SLICE));
            while (data.hasRemaining()) {
                channel.write(data);
            }
        }
    }

    /** Writes all of {@code data} at byte {@code position} of the file, leaving the channel's position alone. */
    public static void write(FileChannel channel, ByteBuffer data, long position) throws IOException {
        int start = data.position();
        int end = data.limit();
        while (data.position() < end) {
            data.limit(Math.min(end, data.position() + SLICE));
            while (data.hasRemaining()) {
                channel.write(data, position + data.position() - start);
            }
        }
    }

    /**
     * Fills {@code buf} up to its limit (a fresh buffer: its capacity) from byte {@code position} of
     * the file; flipped for reading.
     *
     * @throws IOException naming {@code file} when it ends before {@code buf} is full
     */
    public static ByteBuffer readFully(FileChannel channel, ByteBuffer buf, long position, Path file) throws IOException {
        int end = buf.limit();
        while (buf.position() < end) {
            buf.limit(Math.min(end, buf.position() + SLICE));
            if (channel.read(buf, position + buf.position()) < 0) {
                throw new IOException(file + ": ends early");
            }
        }
        buf.limit(end);
        return buf.flip();
    }
}
