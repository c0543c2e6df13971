package dev.prism.parity;

import dev.prism.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Every golden fixture: the shared ones and Prism's own, one per registered model at least. */
public final class GoldenFixtures {

    /** Prism's own fixtures, written by {@code tools/fixtures/generate.py} for the models the shared ones do not cover. */
    public static final Path OWN = Path.of("core/src/test/resources/fixtures/golden");

    /** Fixtures of image networks, (N, 3, H, W) inputs. */
    public static final List<Path> IMAGE = List.of(SharedData.golden("senet18.json"), SharedData.golden("mobilenet_v1_0.5.json"),
            SharedData.golden("mobilenet_v2.json"), SharedData.golden("mobilenet_v3_small.json"), SharedData.golden("mobilenet_v3_large.json"),
            OWN.resolve("resnet18.json"), OWN.resolve("resnet20.json"), OWN.resolve("se_resnet20.json"), OWN.resolve("plain20.json"),
            OWN.resolve("mobilenet_v1_cifar.json"), OWN.resolve("mobilenet_v2_cifar.json"), OWN.resolve("eca_resnet20.json"),
            OWN.resolve("cbam_resnet20.json"), OWN.resolve("efficientnet_b0.json"), OWN.resolve("efficientnet_b0_cifar.json"),
            OWN.resolve("eca_mobilenet_v2.json"));

    /** Fixtures of hyperspectral networks, (N, 1, bands, window, window) inputs. */
    public static final List<Path> VOLUME = List.of(SharedData.golden("hybridsn.json"), SharedData.golden("hybridsn_cbam.json"),
            OWN.resolve("hybridsn_se.json"), OWN.resolve("hybridsn_se2.json"), OWN.resolve("hybridsn_sa.json"),
            OWN.resolve("cnn2d.json"), OWN.resolve("cnn3d.json"),
            OWN.resolve("cnn1d.json"), OWN.resolve("hybridsn_eca.json"));

    private GoldenFixtures() {}

    /** All of them. */
    public static Stream<Path> all() {
        return Stream.concat(IMAGE.stream(), VOLUME.stream());
    }
}
