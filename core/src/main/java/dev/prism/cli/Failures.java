package dev.prism.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ReadOnlyFileSystemException;

/**
 * Turns any exception that reaches the command line into one line: what went wrong and, where the
 * exception knows it, which file. Refused input and failed runs (bad values, unreadable files,
 * diverged training) are the user's to fix; anything else is a bug in Prism, said so with the
 * exception's class and where it was thrown, and the stack trace is printed under {@code --verbose}.
 */
final class Failures {

    private Failures() {}

    /** True for a refused input, an unreadable or unwritable file or a failed run; false for a bug. */
    static boolean isInputError(Throwable e) {
        Throwable t = unwrap(e);
        return t instanceof IllegalArgumentException || t instanceof IllegalStateException || t instanceof IOException
                || t instanceof com.google.gson.JsonParseException || t instanceof SecurityException
                || t instanceof ReadOnlyFileSystemException;
    }

    /** The command-line option of each setting the library names in its messages. */
    static final java.util.Map<String, String> OPTIONS = java.util.Map.ofEntries(
            java.util.Map.entry("epochs", "--epochs"), java.util.Map.entry("batch size", "--batch-size"),
            java.util.Map.entry("micro-batch", "--micro-batch"), java.util.Map.entry("learning rate", "--lr"),
            java.util.Map.entry("label smoothing", "--label-smoothing"), java.util.Map.entry("weight decay", "--weight-decay"),
            java.util.Map.entry("clip norm", "--clip-norm"), java.util.Map.entry("patience", "--patience"),
            java.util.Map.entry("warm-up epochs", "--warmup"), java.util.Map.entry("momentum", "--momentum"),
            java.util.Map.entry("step every", "--step-every"), java.util.Map.entry("step gamma", "--step-gamma"),
            java.util.Map.entry("split", "--split"), java.util.Map.entry("PCA fit", "--pca-fit"),
            java.util.Map.entry("validation share", "--val"), java.util.Map.entry("device", "--device"),
            java.util.Map.entry("PCA components", "--pca"), java.util.Map.entry("training share", "--train"),
            java.util.Map.entry("window", "--window"), java.util.Map.entry("sweep", "--sweep"),
            java.util.Map.entry("inference engine", "--engine"),
            java.util.Map.entry("jitter", "--jitter"), java.util.Map.entry("gap-window", "--gap-window"));

    /** The one line printed after {@code prism: }. */
    static String oneLine(Throwable e) {
        Throwable t = unwrap(e);
        String text = t instanceof dev.prism.SettingException s && OPTIONS.containsKey(s.setting())
                ? s.messageFor(OPTIONS.get(s.setting())) : describe(t);
        if (!isInputError(t)) {
            StackTraceElement[] at = t.getStackTrace();
            text = "internal error: " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage())
                    + (at.length > 0 ? " (at " + at[0] + ")" : "")
                    + "; this is a bug in Prism: please report it with the output of the same command plus --verbose";
        }
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof UncheckedIOException || t instanceof picocli.CommandLine.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** NIO's file exceptions carry only the path as their message: say what happened to it. */
    private static String describe(Throwable t) {
        if (t instanceof NoSuchFileException f) {
            return "file or folder not found: " + f.getFile() + other(f);
        }
        if (t instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile() + other(f);
        }
        if (t instanceof FileAlreadyExistsException f) {
            return "already exists: " + f.getFile() + other(f);
        }
        if (t instanceof NotDirectoryException f) {
            return "not a folder: " + f.getFile() + other(f);
        }
        if (t instanceof DirectoryNotEmptyException f) {
            return "folder not empty: " + f.getFile() + other(f);
        }
        if (t instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason() + other(f);
        }
        if (t instanceof ReadOnlyFileSystemException) {
            return "the file system is read-only";
        }
        if (t.getMessage() == null || t.getMessage().isBlank()) {
            return t.getClass().getSimpleName();
        }
        return t.getMessage();
    }

    private static String other(FileSystemException f) {
        return f.getOtherFile() == null ? "" : " (and " + f.getOtherFile() + ")";
    }
}
