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
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = null;
        try {
            // not Files.createTempFile, which makes the file readable by its owner only: a result file
            // gets the permissions any new file gets (the umask's)
            tmp = dir.resolve("." + file.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                ChannelSlices.write(ch, java.nio.ByteBuffer.wrap(bytes)); // a 60 MB checkpoint must not pin 60 MB of native memory
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.nio.file.FileSystemException e) {
            throw e; // names its file already
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
