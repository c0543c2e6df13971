package dev.prism.jobs;

import dev.prism.train.TrainConfig;

/**
 * An image-classification run, as written to its {@code config.json}.
 *
 * @param task always "image" (tells {@code eval} which pipeline a run folder belongs to)
 * @param data CIFAR binary folder, or a folder with {@code train/} and {@code test/} class folders
 * @param model registry name
 * @param valFraction share of the training images held out for validation
 * @param trainLimit use at most this many training images (stratified, seeded); 0 = all
 * @param train training configuration (seed included)
 * @param device where the run computes
 */
public record ImageConfig(String task, String data, String model, double valFraction, int trainLimit, TrainConfig train,
        DeviceChoice device) {

    public ImageConfig withModel(String m) {
        return new ImageConfig(task, data, m, valFraction, trainLimit, train, device);
    }

    public ImageConfig withTrain(TrainConfig t) {
        return new ImageConfig(task, data, model, valFraction, trainLimit, t, device);
    }
}
