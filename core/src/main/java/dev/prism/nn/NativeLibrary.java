package dev.prism.nn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads Prism's JNI library ({@code src/main/native/prism_torch.cpp}, built by Maven with g++ for
 * linux-x86_64) once per process, for {@link TorchOps} and {@link MallocPolicy}. Loading it does not
 * need libtorch: the library finds libtorch's operators with {@code dlsym} only when
 * {@link TorchOps} initialises it.
 */
final class NativeLibrary {

    private static final String RESOURCE = "/native/linux-x86_64/libprism_torch.so";
    private static final String ERROR = load();

    private NativeLibrary() {}

    /** Null when the library is loaded, else why it is not. */
    static String loadError() {
        return ERROR;
    }

    private static String load() {
        String platform = System.getProperty("os.name").toLowerCase(Locale.ROOT) + "-" + System.getProperty("os.arch");
        if (!platform.equals("linux-amd64")) {
            return "built for linux-amd64 only, this is " + platform;
        }
        try (InputStream in = NativeLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "libprism_torch.so is not in the build (no g++ when it was built)";
            }
            Path lib = Files.createTempFile("prism_torch", ".so");
            lib.toFile().deleteOnExit();
            Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
            System.load(lib.toString());
            return null;
        } catch (IOException | UnsatisfiedLinkError e) {
            return "libprism_torch.so did not load: " + e.getMessage();
        }
    }
}
