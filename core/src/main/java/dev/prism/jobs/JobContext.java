package dev.prism.jobs;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.prism.engine.EngineCheck;
import dev.prism.engine.EngineConfig;
import dev.prism.models.Initialization;
import dev.prism.models.ModelOptions;
import dev.prism.models.ModelSpec;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What every step of one run needs, resolved once: its config, the model's registry entry and
 * resolved options, the engine configuration, the run folder and where progress goes.
 *
 * @param <C> the run's config ({@link HsiConfig} or {@link ImageConfig})
 */
record JobContext<C>(C config, ModelSpec spec, ModelOptions options, EngineConfig engine, Path runDir, PrintStream log) {

    /**
     * The context of a run of {@code spec} (looked up once, by {@link Jobs#spec}) with {@code
     * options} resolved for it, on the engine configuration the self-check selects here
     * ({@link EngineCheck#check()}): every job starts by making its context, so this is where a
     * job's network is cleared to compute, and every step after it is handed the result.
     */
    static <C> JobContext<C> of(C config, ModelSpec spec, ModelOptions options, Path runDir, PrintStream log) {
        ModelOptions resolved = spec.resolve(options);
        return new JobContext<>(config, spec, resolved, EngineCheck.check(), runDir, log);
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
