/**
 * Whole jobs that write a run folder: train and evaluate a hyperspectral model ({@link dev.prism.jobs.HsiJob})
 * or an image classifier ({@link dev.prism.jobs.ImageJob}), seeded studies of several arms with paired
 * statistics ({@link dev.prism.jobs.Study}), and the run folder's life ({@link dev.prism.jobs.RunFolder}:
 * lock, FAILED marker, config, provenance). Configurations are records ({@link dev.prism.jobs.HsiConfig},
 * {@link dev.prism.jobs.ImageConfig}); nothing here knows the command line.
 */
package dev.prism.jobs;
