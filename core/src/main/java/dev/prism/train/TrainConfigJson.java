package dev.prism.train;

import com.google.gson.Gson;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import dev.prism.models.Initialization;
import dev.prism.train.TrainConfig.OptimizerKind;
import dev.prism.train.TrainConfig.Precision;
import java.io.IOException;

/**
 * {@link TrainConfig} in a run's {@code config.json}: one flat object, in the order runs have
 * always written it, so that every existing run still loads and a study compares a config it
 * would write with a finished run's text for text. {@code precision} and {@code init} may be
 * missing (runs written before they existed): float32 and the family's initialisation. {@code workers}
 * and {@code localSteps} are written only for local SGD, so an ordinary run's text is unchanged.
 */
final class TrainConfigJson implements TypeAdapterFactory {

    /** The file's form. */
    private record Flat(int epochs, int batchSize, int microBatch, OptimizerKind optimizer, double lr, double weightDecay,
            double momentum, boolean nesterov, Schedule schedule, double warmupEpochs, int stepEvery, double stepGamma,
            double labelSmoothing, double clipNorm, int patience, boolean augment, long seed, Precision precision,
            Initialization.Scheme init, Integer workers, Integer localSteps) {

        static Flat of(TrainConfig c) {
            TrainConfig.Optimization o = c.optimization();
            TrainConfig.RateSchedule s = c.schedule();
            TrainConfig.Regularization g = c.regularization();
            TrainConfig.RunSettings r = c.run();
            return new Flat(r.epochs(), r.batchSize(), r.microBatch(), o.kind(), o.lr(), g.weightDecay(), o.momentum(),
                    o.nesterov(), s.kind(), s.warmupEpochs(), s.stepEvery(), s.stepGamma(), g.labelSmoothing(), o.clipNorm(),
                    g.patience(), g.augment(), r.seed(), r.precision(), r.init(),
                    c.parallel().averaging() ? c.parallel().workers() : null, c.parallel().averaging() ? c.parallel().localSteps() : null);
        }

        TrainConfig config() {
            return new TrainConfig(new TrainConfig.Optimization(optimizer, lr, momentum, nesterov, clipNorm),
                    new TrainConfig.RateSchedule(schedule, warmupEpochs, stepEvery, stepGamma),
                    new TrainConfig.Regularization(weightDecay, labelSmoothing, augment, patience),
                    new TrainConfig.RunSettings(epochs, batchSize, microBatch, seed,
                            precision == null ? Precision.FP32 : precision,
                            init == null ? Initialization.Scheme.FAMILY : init),
                    new TrainConfig.Parallel(workers == null ? 1 : workers, localSteps == null ? 1 : localSteps));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
        if (type.getRawType() != TrainConfig.class) {
            return null;
        }
        TypeAdapter<Flat> flat = gson.getAdapter(Flat.class);
        TypeAdapter<com.google.gson.JsonElement> json = gson.getAdapter(com.google.gson.JsonElement.class);
        TypeAdapter<TrainConfig> adapter = new TypeAdapter<>() {
            @Override
            public void write(JsonWriter out, TrainConfig c) throws IOException {
                com.google.gson.JsonObject o = flat.toJsonTree(Flat.of(c)).getAsJsonObject();
                if (!c.parallel().averaging()) { // an ordinary run's text as it always was
                    o.remove("workers");
                    o.remove("localSteps");
                }
                json.write(out, o);
            }

            @Override
            public TrainConfig read(JsonReader in) throws IOException {
                return flat.read(in).config();
            }
        };
        return (TypeAdapter<T>) adapter.nullSafe();
    }
}
