/**
 * Training: the loop ({@link dev.prism.train.TrainingLoop}: step, epoch, fit, listeners, resume),
 * its configuration ({@link dev.prism.train.TrainConfig}, {@link dev.prism.train.Recipe} presets),
 * optimizers and schedules, checkpoints, samples ({@link dev.prism.train.Samples}) and batched inference.
 */
package dev.prism.train;
