package dev.prism.onnx;

import dev.prism.engine.EngineCheck;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * ONNX Runtime's native libraries, extracted once into Prism's cache folder and loaded from there
 * (ONNX Runtime's {@code onnxruntime.native.path}). Left to itself, ONNX Runtime 1.22 Java
 * extracts them into a new {@code onnxruntime-java*} folder under the temporary directory in
 * every process and, on Linux, leaves that folder behind at exit (it registers the folder for
 * deletion after its files, and such deletions run in reverse order); its maintainers advise
 * caching the libraries and pointing the property at them (microsoft/onnxruntime#8003). A path
 * the user set is kept; where the jar has no libraries for this platform, or the cache cannot be
 * written, ONNX Runtime's own loading stays in place.
 */
final class OrtNatives {

    /** ONNX Runtime's property naming the folder it loads its libraries from. */
    static final String PROPERTY = "onnxruntime.native.path";

    private static boolean prepared;

    private OrtNatives() {}

    /** Points ONNX Runtime at the cached libraries, extracting them on first use; call before ONNX Runtime loads. */
    static synchronized void prepare() {
        if (prepared || System.getProperty(PROPERTY) != null) {
            return;
        }
        prepared = true;
        String platform = platform();
        if (platform == null) {
            return;
        }
        List<String> libraries = List.of(System.mapLibraryName("onnxruntime"), System.mapLibraryName("onnxruntime4j_jni"));
        try {
            long size = 0;
            for (String lib : libraries) {
                URL url = OrtNatives.class.getResource("/ai/onnxruntime/native/" + platform + "/" + lib);
                if (url == null) {
                    return;
                }
                size += url.openConnection().getContentLengthLong();
            }
            // the folder is named by the libraries' size: another ONNX Runtime gets its own folder
            Path dir = EngineCheck.cacheDir().resolve("onnxruntime").resolve(platform + "-" + size);
            for (String lib : libraries) {
                extract("/ai/onnxruntime/native/" + platform + "/" + lib, dir.resolve(lib));
            }
            System.setProperty(PROPERTY, dir.toString());
        } catch (IOException | RuntimeException e) {
            // ONNX Runtime extracts its libraries itself, as without Prism
        }
    }

    /** The folder of ONNX Runtime's jar holding this platform's libraries, or null where Prism does not know it. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "aarch64" : null;
        String o = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "osx" : os.startsWith("windows") ? "win" : null;
        return a == null || o == null ? null : o + "-" + a;
    }

    /** Copies a resource to {@code to} unless a file of its size is there, through a temporary file renamed in place. */
    private static void extract(String resource, Path to) throws IOException {
        URLConnection c = OrtNatives.class.getResource(resource).openConnection();
        if (Files.isRegularFile(to) && Files.size(to) == c.getContentLengthLong()) {
            return;
        }
        Files.createDirectories(to.getParent());
        Path tmp = Files.createTempFile(to.getParent(), to.getFileName().toString(), ".part");
        try (InputStream in = c.getInputStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
