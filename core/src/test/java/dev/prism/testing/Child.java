package dev.prism.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A child process run by a test with a time limit that fires: its merged output is read on its
 * own thread (reading it on the test's thread first would wait for the child to close its output,
 * so a hung child would hang the suite), and past the limit the process and its descendants are
 * destroyed and the test fails with the output so far.
 *
 * @param code the exit code
 * @param out stdout and stderr, merged
 */
public record Child(int code, String out) {

    /**
     * Runs {@code pb} for at most {@code limit}: its error stream merged into its output (unless the
     * test sent the error stream elsewhere), or, when the test sent its output elsewhere (a file,
     * {@code /dev/full}), its error stream alone.
     */
    public static Child run(ProcessBuilder pb, Duration limit) throws IOException, InterruptedException {
        boolean piped = pb.redirectOutput().type() == ProcessBuilder.Redirect.Type.PIPE;
        boolean merge = piped && pb.redirectError().type() == ProcessBuilder.Redirect.Type.PIPE;
        Process p = pb.redirectErrorStream(merge).start();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(piped ? p.getInputStream() : p.getErrorStream(), buffer), "child-output");
        reader.setDaemon(true);
        reader.start();
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            reader.join(2000);
            throw new AssertionError(String.join(" ", pb.command()) + " did not finish within " + limit + "; its output so far:\n"
                    + text(buffer));
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        return new Child(p.exitValue(), text(buffer));
    }

    private static void copy(InputStream in, ByteArrayOutputStream to) {
        byte[] b = new byte[8192];
        try (in) {
            for (int n; (n = in.read(b)) > 0;) {
                synchronized (to) {
                    to.write(b, 0, n);
                }
            }
        } catch (IOException e) {
            // the process was destroyed: what was read so far is kept
        }
    }

    private static String text(ByteArrayOutputStream buffer) {
        synchronized (buffer) {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }
}
