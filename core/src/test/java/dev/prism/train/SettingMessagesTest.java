package dev.prism.train;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.SettingException;
import org.junit.jupiter.api.Test;

/** Library messages name settings, not command-line flags (the command line substitutes its options: BadInputTest). */
class SettingMessagesTest {

    @Test
    void aBadLearningRateIsNamedAsTheLibraryNamesIt() {
        assertThatThrownBy(() -> TrainConfig.builder(Recipe.HSI.config()).optLearningRate(-1).build())
                .isInstanceOf(SettingException.class)
                .hasMessage("learning rate must be > 0, got -1.0")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((SettingException) e).messageFor("--lr"))
                        .isEqualTo("--lr must be > 0, got -1.0"));
        assertThatThrownBy(() -> Recipe.HSI.config().withEpochs(0)).hasMessage("epochs must be >= 1, got 0");
    }

    @Test
    void theBuilderStartsFromARecipeAndChecksInBuild() {
        TrainConfig c = TrainConfig.builder(Recipe.SEED.config()).optEpochs(3).optLearningRate(0.01).build();
        org.assertj.core.api.Assertions.assertThat(c).isNotEqualTo(Recipe.SEED.config())
                .extracting(x -> x.epochs(), x -> x.optimization().lr(), x -> x.run().batchSize())
                .containsExactly(3, 0.01, Recipe.SEED.config().run().batchSize());
        TrainConfig.Builder b = TrainConfig.builder().optMomentum(2);
        assertThatThrownBy(b::build).hasMessage("momentum must be in [0, 1), got 2.0");
    }
}
