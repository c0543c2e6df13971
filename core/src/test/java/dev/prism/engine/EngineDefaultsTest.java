package dev.prism.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EngineDefaultsTest {

    /**
     * A library user who knows nothing of Prism's settings: an NDManager first (DJL starts libtorch
     * with its defaults), then the engine self-check every entry point calls, then a network.
     */
    public static final class LibraryUser {
        public static void main(String[] args) {
            try (NDManager m = NDManager.newBaseManager()) {
                m.ones(new ai.djl.ndarray.types.Shape(2)).sum();
                System.out.println("before: intra " + JniUtils.getNumThreads() + " inter " + JniUtils.getNumInteropThreads());
                EngineCheck.check();
                ModelRegistry.builtIn().get("cnn2d").build(ModelOptions.defaults().withClasses(3).withBands(4).withWindow(3));
                System.out.println("after: intra " + JniUtils.getNumThreads() + " inter " + JniUtils.getNumInteropThreads());
                System.out.println("described: " + EngineDefaults.describe());
            }
        }
    }

    @Test
    void theEngineCheckGivesALibraryUserPrismsThreadsEvenIfTheEngineStartedFirst() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dai.djl.offline=true",
                "-Dprism.engineCheck=off", "-cp", System.getProperty("java.class.path"), LibraryUser.class.getName());
        dev.prism.testing.Child c = dev.prism.testing.Child.run(new ProcessBuilder(cmd), java.time.Duration.ofMinutes(2));
        String out = c.out();
        assertThat(c.code()).as(out).isZero();
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(out).contains("after: intra " + cores + " inter 1");
        assertThat(out).contains("described: intra-op " + cores + ", inter-op 1\n");
    }
}
