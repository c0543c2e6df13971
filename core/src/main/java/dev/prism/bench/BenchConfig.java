package dev.prism.bench;

import dev.prism.train.TrainConfig;
import java.util.EnumSet;
import java.util.Set;

/**
 * What {@code prism bench} measures and how often.
 *
 * @param quick a smoke run: few steps, 32x32 inference only, a small job; numbers are not
 *     meant to be compared
 * @param repeats timed repeats per measurement after warm-up (median, min and max reported)
 * @param trainSteps training steps per timed repeat (batch 64)
 * @param latencyIterations batch-1 forward passes timed per model and resolution
 * @param jobEpochs training epochs of the whole hyperspectral job
 * @param sections which groups to run
 * @param device where the benchmark computes
 * @param precision arithmetic of the training measurements (and the job's training): FP32 or BF16
 */
public record BenchConfig(boolean quick, int repeats, int trainSteps, int latencyIterations, int jobEpochs,
        Set<Section> sections, dev.prism.jobs.DeviceChoice device, TrainConfig.Precision precision, Set<dev.prism.jobs.InferenceEngine> engines,
        java.nio.file.Path onnxDir) {

    /** Batch size of every training and throughput measurement (the protocol). */
    public static final int BATCH = 64;

    public enum Section {
        TRAIN,
        INFER,
        JOB
    }

    public BenchConfig {
        if (repeats < 1 || trainSteps < 1 || latencyIterations < 1) {
            throw new IllegalArgumentException("--repeats, --train-steps and --latency-iterations must be >= 1");
        }
        if (jobEpochs < 1) {
            throw new IllegalArgumentException("--job-epochs must be >= 1, got " + jobEpochs);
        }
        if (sections.isEmpty()) {
            throw new IllegalArgumentException("--only needs at least one of train, infer, job");
        }
        sections = Set.copyOf(sections);
        if (engines.isEmpty()) {
            throw new IllegalArgumentException("--engines needs at least one of djl, onnxruntime");
        }
        engines = Set.copyOf(engines);
        if (onnxDir != null && !java.nio.file.Files.isDirectory(onnxDir)) {
            throw new IllegalArgumentException("--onnx-dir " + onnxDir + ": folder not found");
        }
    }

    /** The same settings with other inference engines and ONNX folder. */
    public BenchConfig withEngines(Set<dev.prism.jobs.InferenceEngine> engines, java.nio.file.Path onnxDir) {
        return new BenchConfig(quick, repeats, trainSteps, latencyIterations, jobEpochs, sections, device, precision, engines, onnxDir);
    }

    public static BenchConfig defaults(boolean quick) {
        return quick
                ? new BenchConfig(true, 2, 1, 3, 1, EnumSet.allOf(Section.class), dev.prism.jobs.DeviceChoice.AUTO, TrainConfig.Precision.FP32,
                        Set.of(dev.prism.jobs.InferenceEngine.DJL), null)
                : new BenchConfig(false, 5, 5, 30, 2, EnumSet.allOf(Section.class), dev.prism.jobs.DeviceChoice.AUTO, TrainConfig.Precision.FP32,
                        Set.of(dev.prism.jobs.InferenceEngine.DJL), null);
    }
}
