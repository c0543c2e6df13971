package dev.prism.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.prism.io.SafeTensors;
import dev.prism.io.Tensor;
import dev.prism.models.ModelRegistry;
import dev.prism.models.ModelStore;
import dev.prism.models.StateDict;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsRoundTripTest {

    @TempDir
    Path dir;

    /** Exit code, stdout and stderr of one CLI run. */
    private static String[] run(String... args) {
        CliRun r = CliRun.of(args);
        return new String[] {Integer.toString(r.code()), r.out(), r.err()};
    }

    private static Map<String, Tensor> randomStateDict(String model, String... extra) {
        // a random initialised network's state dict, as PyTorch would save it
        try (NDManager m = NDManager.newBaseManager()) {
            var spec = ModelRegistry.builtIn().get(model);
            var o = spec.resolve(dev.prism.models.ModelOptions.defaults().withClasses(4));
            Block b = spec.build(o);
            b.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, spec.inputShape(o, 1));
            Map<String, Tensor> sd = new LinkedHashMap<>(StateDict.extract(b));
            // make running statistics non-trivial so the round trip proves they move too
            sd.replaceAll((k, t) -> k.endsWith("running_var") ? new Tensor(t.shape(), fill(t.data().length, 1.5f)) : t);
            return sd;
        }
    }

    private static float[] fill(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void safetensorsAndNpzRoundTripPreserveEveryTensorAndTheOutputs() throws Exception {
        Map<String, Tensor> sd = randomStateDict("mobilenet-v3-small");
        Path file = dir.resolve("in.safetensors");
        SafeTensors.write(sd, Map.of(), file);
        String[] r = run("import-weights", "--model", "mobilenet-v3-small", "--classes", "4", "--input", "64",
                "--from", file.toString(), "--out", dir.resolve("prism").toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        for (String ext : new String[] {"safetensors", "npz"}) {
            Path back = dir.resolve("out." + ext);
            r = run("export-weights", "--model-dir", dir.resolve("prism").toString(), "--to", back.toString());
            assertThat(r[0]).as(r[2]).isEqualTo("0");
            Map<String, Tensor> exported = dev.prism.models.WeightFiles.read(back);
            assertThat(exported.keySet()).containsExactlyElementsOf(sd.keySet());
            assertThat(exported).isEqualTo(sd);
        }
        // the loaded model computes with those weights: eval output equals that of a block loaded directly
        try (NDManager m = NDManager.newBaseManager()) {
            Block loaded = ModelStore.load(dir.resolve("prism"), ModelRegistry.builtIn(), m);
            var spec = ModelRegistry.builtIn().get("mobilenet-v3-small");
            var o = spec.resolve(dev.prism.models.ModelOptions.defaults().withClasses(4).withInputSize(64));
            Block direct = spec.build(o);
            direct.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, spec.inputShape(o, 1));
            StateDict.load(direct, sd, "test");
            NDArray x = m.randomUniform(-1, 1, new Shape(2, 3, 64, 64));
            ParameterStore ps = new ParameterStore(m, false);
            float[] a = loaded.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            float[] b = direct.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            assertThat(a).containsExactly(b);
        }
    }

    @Test
    void badWeightFilesNameTheTensorAndBothShapes() throws Exception {
        Map<String, Tensor> sd = randomStateDict("resnet20");
        Map<String, Tensor> wrong = new LinkedHashMap<>(sd);
        wrong.put("linear.weight", new Tensor(new long[] {5, 64}, new float[5 * 64]));
        wrong.remove("bn1.running_mean");
        wrong.put("head.extra", new Tensor(new long[] {1}, new float[1]));
        wrong.put("bn1.num_batches_tracked", new Tensor(new long[] {1}, new float[1]));
        Path file = dir.resolve("wrong.safetensors");
        SafeTensors.write(wrong, Map.of(), file);
        String[] r = run("import-weights", "--model", "resnet20", "--classes", "4",
                "--from", file.toString(), "--out", dir.resolve("x").toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("wrong.safetensors")
                .contains("tensor 'linear.weight' has shape [5, 64] but the model expects [4, 64]")
                .contains("missing tensor 'bn1.running_mean'")
                .contains("unexpected tensor 'head.extra'")
                .doesNotContain("num_batches_tracked");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void verifyPrintsOneLinePerFixtureAndExitCodeReflectsFailure() throws Exception {
        Path golden = dev.prism.SharedData.golden("mobilenet_v1_0.5.json");
        String[] r = run("verify", golden.toString());
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("PASS mobilenet_v1_0.5").contains("1 passed, 0 failed");
        // a fixture whose reference output was altered must fail
        String json = java.nio.file.Files.readString(golden).replaceFirst("\"train_loss\": ([0-9.]+)", "\"train_loss\": 9.0");
        Path tampered = dir.resolve("tampered.json");
        java.nio.file.Files.writeString(tampered, json);
        r = run("verify", tampered.toString());
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).contains("FAIL mobilenet_v1_0.5").contains("0 passed, 1 failed");
        // a fixture of a model Prism does not know fails by name, and the others are still checked
        Path unknown = dir.resolve("unknown.json");
        java.nio.file.Files.writeString(unknown, java.nio.file.Files.readString(golden)
                .replaceFirst("\"model\": \"mobilenet_v1_0.5\"", "\"model\": \"mobilenet_v9\""));
        r = run("verify", unknown.toString(), golden.toString());
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).contains("FAIL " + unknown + ": fixture model 'mobilenet_v9' is not one Prism knows")
                .contains("PASS mobilenet_v1_0.5").contains("1 passed, 1 failed");
    }

    @Test
    void unknownModelListsKnownOnes() {
        String[] r = run("summary", "mobilenet-v9");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("unknown model 'mobilenet-v9'").contains("hybridsn");
        r = run("summary", "mobilenet-v1", "--sweep", "depth");
        assertThat(r[2]).contains("--sweep must be 'alpha' or 'resolution'");
    }

    @Test
    void summaryJsonCarriesTheSameNumbers() {
        String[] r = run("summary", "mobilenet-v1", "--classes", "1000", "--json");
        assertThat(r[0]).isEqualTo("0");
        com.google.gson.JsonObject j = new com.google.gson.Gson().fromJson(r[1], com.google.gson.JsonObject.class);
        assertThat(j.get("params").getAsLong()).isEqualTo(4_231_976L);
        assertThat(j.get("macs").getAsLong()).isEqualTo(568_740_352L);
        assertThat(j.getAsJsonArray("layers").size()).isEqualTo(27 + 27 + 1); // 27 convolutions, 27 BatchNorms, 1 classifier
        r = run("summary", "mobilenet-v1", "--alpha", "0");
        assertThat(r[2]).contains("alpha (width multiplier) must be > 0");
        r = run("summary", "mobilenet-v2", "--input", "24");
        assertThat(r[2]).contains("input 24x24 is too small for mobilenet-v2");
    }

    @Test
    void repeatReportsMeanAndStdOverSeeds() throws Exception {
        dev.prism.data.image.TestImages.writeCifar10(dir.resolve("c"), 30, 50, 2);
        String[] r = run("repeat", "--runs", "2", "--task", "image", "--data", dir.resolve("c").toString(), "--model", "plain20",
                "--epochs", "1", "--recipe", "seed", "--device", "cpu", "--out", dir.resolve("rep").toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("| plain20 | plain20 | test set | 2 |").contains(" ± ");
        assertThat(dir.resolve("rep/plain20-seed1/results.json")).exists();
        assertThat(dir.resolve("rep/plain20-seed2/results.json")).exists();
        assertThat(dir.resolve("rep/study.json")).exists();
    }
}
