package dev.prism.bench;

import java.util.Arrays;
import java.util.Map;

/**
 * One benchmark figure, identified so the PyTorch peer's figure with the same {@code id} can be
 * set beside it (see {@code bench/peer.py}).
 *
 * @param id stable key, e.g. {@code train/hybridsn} or {@code latency-b1/mobilenet-v2@224}
 * @param unit "samples/s" (higher is better), "ms" or "s" (lower is better)
 * @param values every timed repeat, in order
 * @param peakRssMiB peak resident memory while measuring (-1 if unknown)
 * @param extra anything else worth keeping (accuracy of the job, epochs)
 */
public record Measurement(String id, String model, int batch, long[] input, String unit, double median, double min,
        double max, double[] values, long peakRssMiB, Map<String, Object> extra) {

    public static Measurement of(String id, String model, int batch, long[] input, String unit, double[] values, long peakRssMiB,
            Map<String, Object> extra) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values measured for " + id);
        }
        double[] v = values.clone();
        Arrays.sort(v);
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Measurement(id, model, batch, input, unit, median, v[0], v[v.length - 1], values.clone(), peakRssMiB, extra);
    }
}
