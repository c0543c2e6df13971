package dev.prism.jobs;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.prism.models.Initialization;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelSpec;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What every step of one run needs, resolved once: its config, the model's registry entry and
 * resolved options, the run folder and where progress goes.
 *
 * @param <C> the run's config ({@link HsiConfig} or {@link ImageConfig})
 */
record JobContext<C>(C config, ModelSpec spec, ModelOptions options, Path runDir, PrintStream log) {

    /** The context of a run of {@code spec} (looked up once, by {@link Jobs#spec}) with {@code options} resolved for it. */
    static <C> JobContext<C> of(C config, ModelSpec spec, ModelOptions options, Path runDir, PrintStream log) {
        return new JobContext<>(config, spec, spec.resolve(options), runDir, log);
    }

    /** A new network of this run's model, initialised from {@code seed} by {@code scheme}. */
    Block network(NDManager manager, long seed, Initialization.Scheme scheme) {
        return spec.create(manager, options, seed, scheme);
    }

    /** A network of this run's model to load a checkpoint into. */
    Block networkToLoad(NDManager manager) {
        return spec.create(manager, options, 0);
    }

    /** The network's multiply-adds per sample. */
    long macs() {
        return dev.prism.cost.ModelSummary.of(spec, options).macs();
    }
}
