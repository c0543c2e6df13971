package dev.prism.baselines;

import java.util.List;
import java.util.Optional;

/** The spectral baselines by name. */
public final class SpectralBaselines {

    private static final List<SpectralBaseline> ALL = List.of(new SvmRbf(), new RandomForest());

    private SpectralBaselines() {}

    /** The baseline named {@code name}, if it is one. */
    public static Optional<SpectralBaseline> get(String name) {
        return ALL.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /** Every baseline. */
    public static List<SpectralBaseline> all() {
        return ALL;
    }
}
