package dev.prism.models;

import dev.prism.nn.Attention;

import dev.prism.models.ModelSpec.Task;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every model Prism can build, by name. Registering a name twice is refused. */
public final class ModelRegistry {

    private static final String IMAGE_NORM = "RGB scaled to [0, 1], then per-channel mean/std (CIFAR-10 or ImageNet statistics)";
    private static final String HSI_NORM = "PCA-reduced cube, standardised per component; a window x window patch around the pixel, zero-padded at the border";

    private final Map<String, ModelSpec> specs = new LinkedHashMap<>();

    /** The built-in zoo. */
    public static ModelRegistry builtIn() {
        ModelRegistry r = new ModelRegistry();
        String v1 = "https://arxiv.org/abs/1704.04861";
        String v2 = "https://arxiv.org/abs/1801.04381";
        String v3 = "https://arxiv.org/abs/1905.02244";
        String se = "https://arxiv.org/abs/1709.01507";
        String resnet = "https://arxiv.org/abs/1512.03385";
        String hybrid = "https://arxiv.org/abs/1902.06701";
        r.register(new ModelSpec("mobilenet-v1", Task.IMAGE, "MobileNetV1, ImageNet stem (stride 2); width multiplier alpha",
                v1, 224, 32, IMAGE_NORM,
                o -> MobileNetV1.builder().setClasses(o.classes()).optAlpha(o.alpha()).optDropout(o.dropoutOr(0)).build()));
        r.register(new ModelSpec("mobilenet-v1-cifar", Task.IMAGE, "MobileNetV1 with a stride-1 stem for 32x32 images",
                v1, 32, 16, IMAGE_NORM,
                o -> MobileNetV1.builder().setClasses(o.classes()).optAlpha(o.alpha()).optDropout(o.dropoutOr(0))
                        .optCifarStem(true).build()));
        r.register(new ModelSpec("mobilenet-v2", Task.IMAGE, "MobileNetV2 (torchvision), inverted residuals, linear bottlenecks, ReLU6",
                v2, 224, 32, IMAGE_NORM,
                o -> MobileNetV2.builder().setClasses(o.classes()).optAlpha(o.alpha()).optDropout(o.dropoutOr(0.2)).build()));
        r.register(new ModelSpec("mobilenet-v2-cifar", Task.IMAGE, "MobileNetV2 with a stride-1 stem for 32x32 images",
                v2, 32, 16, IMAGE_NORM,
                o -> MobileNetV2.builder().setClasses(o.classes()).optAlpha(o.alpha()).optDropout(o.dropoutOr(0.2))
                        .optCifarStem(true).build()));
        r.register(new ModelSpec("eca-mobilenet-v2", Task.IMAGE, "ECA-MobileNetV2 (Wang et al. 2020, the authors' code): ECA after each"
                + " block's projection, kernel 1 below 96 channels, else 3", "https://arxiv.org/abs/1910.03151", 224, 32, IMAGE_NORM,
                o -> MobileNetV2.builder().setClasses(o.classes()).optAlpha(o.alpha()).optDropout(o.dropoutOr(0.25))
                        .optBlockAttention(row -> Attention.eca("eca", row.c() < 96 ? 1 : 3)).build()));
        r.register(new ModelSpec("mobilenet-v3-large", Task.IMAGE, "MobileNetV3-Large (torchvision), SE with hard-sigmoid, h-swish",
                v3, 224, 32, IMAGE_NORM,
                o -> MobileNetV3.large().setClasses(o.classes()).optAlpha(o.alpha()).optDropout(o.dropoutOr(0.2)).build()));
        r.register(new ModelSpec("mobilenet-v3-small", Task.IMAGE, "MobileNetV3-Small (torchvision), SE with hard-sigmoid, h-swish",
                v3, 224, 32, IMAGE_NORM,
                o -> MobileNetV3.small().setClasses(o.classes()).optAlpha(o.alpha()).optDropout(o.dropoutOr(0.2)).build()));
        r.register(new ModelSpec("se-resnet18", Task.IMAGE, "SE-ResNet18 for CIFAR (the study's SENet), SE reduction 16",
                se, 32, 8, IMAGE_NORM,
                o -> CifarResNet.builder(CifarResNet.RESNET18).setClasses(o.classes()).optSeReduction(16).build()));
        r.register(new ModelSpec("resnet18", Task.IMAGE, "ResNet18 for CIFAR, no SE (SE-ResNet18's baseline)",
                resnet, 32, 8, IMAGE_NORM,
                o -> CifarResNet.builder(CifarResNet.RESNET18).setClasses(o.classes()).build()));
        r.register(new ModelSpec("efficientnet-b0", Task.IMAGE, "EfficientNet-B0 (Tan and Le 2019, Table 1; torchvision's definition):"
                + " MBConv with SE and SiLU, stochastic depth", "https://arxiv.org/abs/1905.11946", 224, 32, IMAGE_NORM,
                o -> EfficientNet.b0().setClasses(o.classes()).optAlpha(o.alpha()).optDropout(o.dropoutOr(0.2)).build()));
        r.register(new ModelSpec("efficientnet-b0-cifar", Task.IMAGE, "EfficientNet-B0 with a stride-1 stem for 32 x 32 images",
                "https://arxiv.org/abs/1905.11946", 32, 16, IMAGE_NORM,
                o -> EfficientNet.b0().setClasses(o.classes()).optAlpha(o.alpha()).optDropout(o.dropoutOr(0.2)).optCifarStem(true)
                        .build()));
        r.register(new ModelSpec("se-resnet20", Task.IMAGE, "SE-ResNet-20 (16/32/64 channels, 3 blocks per stage), SE reduction 16",
                se, 32, 4, IMAGE_NORM,
                o -> CifarResNet.builder(CifarResNet.RESNET20).setClasses(o.classes()).optSeReduction(16).build()));
        r.register(new ModelSpec("resnet20", Task.IMAGE, "ResNet-20 for CIFAR (He et al. section 4.2), projection shortcuts",
                resnet, 32, 4, IMAGE_NORM,
                o -> CifarResNet.builder(CifarResNet.RESNET20).setClasses(o.classes()).build()));
        r.register(new ModelSpec("eca-resnet20", Task.IMAGE, "ECA-ResNet-20: ResNet-20 with efficient channel attention (1-D conv across"
                + " channels, adaptive kernel) on each block's residual branch", "https://arxiv.org/abs/1910.03151", 32, 4, IMAGE_NORM,
                o -> CifarResNet.builder(CifarResNet.RESNET20).setClasses(o.classes())
                        .optAttention(dev.prism.nn.Attention.eca("eca")).build()));
        r.register(new ModelSpec("cbam-resnet20", Task.IMAGE, "CBAM-ResNet-20: ResNet-20 with CBAM (channel then spatial gate) on each"
                + " block's residual branch", "https://arxiv.org/abs/1807.06521", 32, 4, IMAGE_NORM,
                o -> CifarResNet.builder(CifarResNet.RESNET20).setClasses(o.classes())
                        .optAttention(dev.prism.nn.Attention.cbam("cbam")).build()));
        r.register(new ModelSpec("plain20", Task.IMAGE, "Plain-20: ResNet-20 without shortcuts (plain CNN baseline)",
                resnet, 32, 4, IMAGE_NORM,
                o -> CifarResNet.builder(CifarResNet.RESNET20).setClasses(o.classes()).optShortcuts(false).build()));
        r.register(hsi("hybridsn", "HybridSN: 3-D then 2-D convolutions (the paper's network)", hybrid,
                o -> hybrid(o).build()));
        r.register(hsi("hybridsn-se", "HybridSN-SE: SE attention on the 576 spectral-spatial maps (Prism's improvement)", se,
                o -> hybrid(o).optAttention(Attention.squeezeExcite("channel_se", 16)).build()));
        r.register(hsi("hybridsn-se2", "HybridSN-SE plus spectral SE attention on the input bands", se,
                o -> hybrid(o).optAttention(Attention.squeezeExcite("channel_se", 16)).optSpectralAttention(true).build()));
        r.register(hsi("hybridsn-cbam", "HybridSN-CBAM: channel then spatial attention (CBAM) on the 576 maps",
                "https://arxiv.org/abs/1807.06521", o -> hybrid(o).optAttention(Attention.cbam("cbam")).build()));
        r.register(hsi("hybridsn-sa", "HybridSN-SA: CBAM's spatial gate alone on the 576 maps",
                "https://arxiv.org/abs/1807.06521", o -> hybrid(o).optAttention(Attention.spatial("spatial_gate")).build()));
        r.register(hsi("hybridsn-eca", "HybridSN-ECA: efficient channel attention (1-D conv across channels) on the 576 maps",
                "https://arxiv.org/abs/1910.03151", o -> hybrid(o).optAttention(Attention.eca("eca")).build()));
        r.register(hsi("cnn2d", "2-D CNN baseline: HybridSN's 2-D layer on the PCA bands as channels, same head", hybrid,
                o -> hybrid(o).optVariant(HybridSN.Variant.CNN_2D).build()));
        r.register(hsi("cnn3d", "3-D CNN baseline: HybridSN's 3-D layers only, same head", hybrid,
                o -> hybrid(o).optVariant(HybridSN.Variant.CNN_3D).build()));
        r.register(hsi("cnn1d", "1-D spectral CNN (Hu et al. 2015): the centre pixel's spectrum alone, no spatial context",
                "https://doi.org/10.1155/2015/258619", o -> SpectralCnn.build(o.bands(), o.window(), o.classes())));
        return r;
    }

    private static ModelSpec hsi(String name, String description, String paper,
            java.util.function.Function<ModelOptions, ai.djl.nn.Block> factory) {
        return new ModelSpec(name, Task.HSI, description, paper, 0, 0, HSI_NORM, factory);
    }

    private static HybridSN.Builder hybrid(ModelOptions o) {
        return HybridSN.builder().setBands(o.bands()).setWindow(o.window()).setClasses(o.classes())
                .optDropout(o.dropoutOr(HybridSN.DROPOUT));
    }

    private static ModelRegistry available;

    /**
     * The built-in zoo plus every model a {@link ModelProvider} on the class path adds (found once
     * per process with {@link java.util.ServiceLoader}): the registry every command and job uses.
     */
    public static synchronized ModelRegistry available() {
        if (available == null) {
            ModelRegistry r = builtIn();
            for (ModelProvider provider : java.util.ServiceLoader.load(ModelProvider.class)) {
                for (ModelSpec spec : provider.models()) {
                    try {
                        r.register(spec);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(provider.getClass().getName() + ": " + e.getMessage(), e);
                    }
                }
            }
            available = r;
        }
        return available;
    }

    /** Adds a model; refuses a name already taken. */
    public void register(ModelSpec spec) {
        if (specs.putIfAbsent(spec.name(), spec) != null) {
            throw new IllegalArgumentException("a model named '" + spec.name() + "' is already registered");
        }
    }

    /** The named model, or an error listing the known names. */
    public ModelSpec get(String name) {
        ModelSpec spec = specs.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known models: " + String.join(", ", specs.keySet()));
        }
        return spec;
    }

    /** The registered models' names, in registration order. */
    public java.util.Set<String> names() {
        return Collections.unmodifiableSet(specs.keySet());
    }

    /** Every registered model, in registration order. */
    public Collection<ModelSpec> all() {
        return Collections.unmodifiableCollection(specs.values());
    }
}
