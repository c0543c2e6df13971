package dev.prism.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that a crash never leaves it half-written: a temporary sibling, then a rename.
 * A failed write (a full disk) names the file and leaves the previous version in place.
 */
public final class AtomicFiles {

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private AtomicFiles() {}

    /**
     * Writes {@code bytes} to a temporary file beside {@code file}, forces it to disk, then renames it
     * over {@code file}: readers see the old file or the new one, never half of one.
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, wholly(bytes), true);
    }

    /** What writes a file's content into its (temporary) channel, a part at a time. */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole content at the channel's position. */
        void writeTo(java.nio.channels.FileChannel channel) throws IOException;
    }

    /**
     * As {@link #write(Path, byte[])} for content written in parts, so that a large file (a
     * checkpoint) never needs all of its bytes in memory at once.
     */
    public static void write(Path file, Content content) throws IOException {
        write(file, content, true);
    }

    /**
     * As {@link #write}, for a file that must be new: if another process created {@code file} since
     * the caller checked, it is not replaced and the write fails saying so.
     */
    public static void writeNew(Path file, byte[] bytes) throws IOException {
        write(file, wholly(bytes), false);
    }

    private static Content wholly(byte[] bytes) {
        // in slices: a 60 MB checkpoint must not pin 60 MB of native memory
        return ch -> ChannelSlices.write(ch, java.nio.ByteBuffer.wrap(bytes));
    }

    private static void write(Path file, Content content, boolean replace) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = null;
        try {
            // not Files.createTempFile, which makes the file readable by its owner only: a result file
            // gets the permissions any new file gets (the umask's)
            tmp = dir.resolve("." + file.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                content.writeTo(ch);
                ch.force(true);
            }
            if (replace) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // a hard link fails when the name is taken: no other writer's file is ever replaced
                try {
                    Files.createLink(file, tmp);
                } catch (UnsupportedOperationException noLinks) {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new IOException(file + " was created by another process meanwhile: not replaced; choose another file", e);
        } catch (java.nio.file.FileSystemException e) {
            // it names the temporary sibling, which the user never gave: name the file instead
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.NoSuchFileException ? "it cannot be created there"
                    : e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
            throw new IOException("could not write " + file + ": " + why + " (the previous version, if any, is kept)", e);
        } catch (IOException e) {
            // a full disk says only "No space left on device": name the file and what is kept
            throw new IOException("could not write " + file + ": " + e.getMessage() + " (the previous version, if any, is kept)", e);
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** {@link #write} of {@code text} in UTF-8. */
    public static void writeString(Path file, String text) throws IOException {
        write(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
