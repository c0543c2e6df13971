package dev.prism.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.data.hsi.PcaFit;
import dev.prism.data.hsi.SplitProtocol;
import dev.prism.models.Initialization;
import dev.prism.train.Recipe;
import dev.prism.train.Schedule;
import dev.prism.train.TrainConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed configuration reads every {@code config.json} runs have written (committed copies of
 * real ones), and writes today's text for text, so that a study still recognises its finished runs.
 */
class ConfigCompatibilityTest {

    @TempDir
    Path dir;

    private Path run(String resource) throws IOException {
        Path runDir = Files.createDirectories(dir.resolve(resource));
        try (InputStream in = getClass().getResourceAsStream("/configs/" + resource)) {
            Files.copy(in, runDir.resolve(RunFolder.CONFIG));
        }
        return runDir;
    }

    @Test
    void aRunOfTheStudyReadsAndWritesBackTextForText() throws IOException {
        Path runDir = run("hsi-2026-12-07.json");
        HsiConfig c = RunFolder.config(runDir, HsiConfig.class);
        assertThat(c.split()).isEqualTo(SplitProtocol.FIELDS_KFOLD);
        assertThat(c.pcaFit()).isEqualTo(PcaFit.AUTO);
        assertThat(c.effectivePcaFit()).isEqualTo(PcaFit.TRAIN);
        assertThat(c.device()).isEqualTo(DeviceChoice.AUTO);
        assertThat(c.train()).isEqualTo(TrainConfig.builder(Recipe.HSI.config()).optEpochs(10).optSeed(1).build());
        assertThat(Json.GSON.toJson(c) + "\n").isEqualTo(Files.readString(runDir.resolve(RunFolder.CONFIG), StandardCharsets.UTF_8));
    }

    @Test
    void aRunWrittenBeforeInitialisationAndFoldsExistedStillLoads() throws IOException {
        HsiConfig c = RunFolder.config(run("hsi-2026-11-28.json"), HsiConfig.class);
        assertThat(c.split()).isEqualTo(SplitProtocol.FIELDS);
        assertThat(c.effectivePcaFit()).isEqualTo(PcaFit.ALL);
        assertThat(c.train().run().init()).isEqualTo(Initialization.Scheme.FAMILY);
        assertThat(c.train().seed()).isEqualTo(3);
        assertThat(c.folds()).isZero();
        assertThat(c.crossValidated()).isFalse();
    }

    @Test
    void anImageRunLoadsWithItsRecipe() throws IOException {
        ImageConfig c = RunFolder.config(run("image-2026-12-01.json"), ImageConfig.class);
        assertThat(c.train()).isEqualTo(Recipe.STRONG.config());
        assertThat(c.train().schedule().kind()).isEqualTo(Schedule.ONECYCLE);
        assertThat(c.device()).isEqualTo(DeviceChoice.CPU);
    }

    @Test
    void anUnknownSplitInAFileIsRefusedNamingTheFile() throws IOException {
        Path runDir = run("hsi-2026-11-28.json");
        Path file = runDir.resolve(RunFolder.CONFIG);
        Files.writeString(file, Files.readString(file).replace("\"split\": \"fields\"", "\"split\": \"checkerboard\""));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunFolder.config(runDir, HsiConfig.class))
                .hasMessageContaining(file.toString());
    }
}
