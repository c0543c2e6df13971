package dev.prism.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.cli.CliProcess;
import dev.prism.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime's libraries come from Prism's cache folder, so a process that used ONNX Runtime
 * leaves nothing in the temporary directory (ONNX Runtime's own loading left an empty
 * {@code onnxruntime-java*} folder there per process).
 */
class OrtNativesTest {

    @TempDir
    Path dir;

    @Test
    void twoProcessesLeaveNoTemporaryFoldersAndShareOneExtraction() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path cache = dir.resolve("cache");
        List<String> jvm = List.of("-Djava.io.tmpdir=" + tmp, "-Dprism.cacheDir=" + cache);
        for (int i = 1; i <= 2; i++) {
            CliRun r = CliProcess.run(jvm, "export-onnx", "--model", "cnn2d", "--classes", "3", "--bands", "4", "--window", "5",
                    "--out", dir.resolve("m" + i + ".onnx").toString());
            assertThat(r.code()).as(r.out()).isZero();
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("onnxruntime-java")).toList())
                        .as("ONNX Runtime's temporary folders left after run " + i).isEmpty();
            }
        }
        Path libs;
        try (Stream<Path> platforms = Files.list(cache.resolve("onnxruntime"))) {
            List<Path> all = platforms.toList();
            assertThat(all).as("one extraction for both processes").hasSize(1);
            libs = all.get(0);
        }
        assertThat(libs.resolve(System.mapLibraryName("onnxruntime"))).isRegularFile();
        assertThat(libs.resolve(System.mapLibraryName("onnxruntime4j_jni"))).isRegularFile();
    }
}
