package dev.prism.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.cli.CliRun;
import dev.prism.data.hsi.TestScenes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model of the user's own, found through ServiceLoader, works in every command: listed, summarised, trained. */
class ModelProviderTest {

    @TempDir
    Path dir;

    @Test
    void aProvidedModelReachesEveryCommand() throws Exception {
        assertThat(ModelRegistry.available().get("my-small-cnn").task()).isEqualTo(ModelSpec.Task.HSI);
        assertThat(ModelRegistry.builtIn().all()).noneMatch(s -> s.name().equals("my-small-cnn"));
        assertThat(CliRun.of("models").out()).contains("my-small-cnn");
        CliRun summary = CliRun.of("summary", "my-small-cnn", "--classes", "3", "--bands", "13", "--window", "9");
        assertThat(summary.code()).as(summary.err()).isZero();
        TestScenes.write(dir, 24, 30, 16, 3, 5);
        List<String> args = TestScenes.trainArgs(dir, dir.resolve("run"), 1, 32);
        args.set(args.indexOf("hybridsn"), "my-small-cnn");
        CliRun train = CliRun.of(args.toArray(String[]::new));
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(Files.readString(dir.resolve("run/results.json"))).contains("\"model\": \"my-small-cnn\"");
    }
}
