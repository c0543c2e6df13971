package dev.prism.jobs;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.prism.engine.EngineConfig;
import dev.prism.train.Samples;
import dev.prism.train.TrainConfig;
import java.io.IOException;
import java.io.Serializable;

/**
 * What a cluster's local-SGD worker needs to train a run's rounds: the run's configuration, from
 * which it rebuilds the same samples and a network of the same architecture (its weights come with
 * every round). Small and serialisable, so that it travels with each task instead of the samples.
 * Equal jobs prepare equal data, so an executor prepares a job once and keeps it for every round.
 */
public interface WorkerJob extends Serializable {

    /** A worker's samples and network. */
    record Prepared(Block block, Samples samples) {}

    /** How the run trains. */
    TrainConfig train();

    /** What logs call it. */
    String name();

    /** Rebuilds the run's samples and a network to load rounds into, under {@code manager}. */
    Prepared prepare(EngineConfig engine, NDManager manager) throws IOException;

    /** The worker job of a hyperspectral run: its configuration as {@code config.json} holds it. */
    static WorkerJob of(HsiConfig c) {
        return new HsiWorker(Json.GSON.toJson(c));
    }

    /** The worker job of an image run: its configuration as {@code config.json} holds it. */
    static WorkerJob of(ImageConfig c) {
        return new ImageWorker(Json.GSON.toJson(c));
    }

    /** An image run's worker: its configuration's JSON text; it reads the run's training images (the same folder on every node). */
    record ImageWorker(String configJson) implements WorkerJob {

        private ImageConfig config() {
            return Json.GSON.fromJson(configJson, ImageConfig.class);
        }

        @Override
        public TrainConfig train() {
            return config().train();
        }

        @Override
        public String name() {
            ImageConfig c = config();
            return c.model() + " on " + c.data();
        }

        @Override
        public Prepared prepare(EngineConfig engine, NDManager manager) throws IOException {
            ImageConfig c = config();
            dev.prism.data.image.ImageSet train = ImageJob.load(java.nio.file.Path.of(c.data()))[0];
            Block block = Jobs.spec(c.model(), dev.prism.models.ModelSpec.Task.IMAGE).create(manager, ImageJob.options(train),
                    c.train().seed(), c.train().run().init());
            return new Prepared(block, ImageJob.samples(train));
        }
    }

    /** A hyperspectral run's worker: its configuration's JSON text (what equality and caching go by). */
    record HsiWorker(String configJson) implements WorkerJob {

        private HsiConfig config() {
            return Json.GSON.fromJson(configJson, HsiConfig.class);
        }

        @Override
        public TrainConfig train() {
            return config().train();
        }

        @Override
        public String name() {
            HsiConfig c = config();
            return c.model() + " on " + (c.cube() != null ? c.cube() : c.scene());
        }

        @Override
        public Prepared prepare(EngineConfig engine, NDManager manager) throws IOException {
            HsiConfig c = config();
            HsiData data = HsiData.prepare(c);
            Block block = Jobs.spec(c.model(), dev.prism.models.ModelSpec.Task.HSI).create(manager, data.modelOptions(), c.train().seed(),
                    c.train().run().init());
            return new Prepared(block, data.samples());
        }
    }
}
