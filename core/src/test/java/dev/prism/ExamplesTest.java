package dev.prism;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every program in examples/ runs through examples/run.sh, as a user would run it, and prints what it promises. */
class ExamplesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "OwnCubeHybridSN, my listener: epoch 3, test accuracy",
        "ImagesWithDjlTrainer, DJL Trainer: final training accuracy, loss",
        "PyTorchWeightsIn, predictions match PyTorch's, mobilenet_v2"})
    void runs(String example, String expected, String alsoExpected) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("examples", "run.sh").toString(), example).redirectErrorStream(true);
        pb.environment().put("PRISM_CLASSPATH", System.getProperty("java.class.path"));
        dev.prism.testing.Child c = dev.prism.testing.Child.run(pb, java.time.Duration.ofMinutes(5));
        String out = c.out();
        assertThat(c.code()).as(out).isZero();
        assertThat(out).contains(expected).contains(alsoExpected);
    }
}
