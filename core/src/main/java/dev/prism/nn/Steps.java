package dev.prism.nn;

import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Parameter-free reshaping steps the hyperspectral networks use, each with its ONNX form. */
public final class Steps {

    private Steps() {}

    /** (N, 1, B, H, W) to (N, B, H, W): a volume's single channel dropped, its bands taken as channels. */
    public static LocalStep bandsAsChannels() {
        return new LocalStep(x -> x.squeeze(1), "bands_as_channels", (w, x, path) -> new OnnxWriter.Value(
                w.node("Squeeze", path, List.of(x.name(), w.longs(path + ".axes", 1))), x.shape().slice(0, 1).addAll(x.shape().slice(2))));
    }

    /** (N, C, H, W) to (N, 1, C, H, W): channels back to the bands of a one-channel volume. */
    public static LocalStep channelsAsBands() {
        return new LocalStep(x -> x.expandDims(1), "channels_as_bands", (w, x, path) -> new OnnxWriter.Value(
                w.node("Unsqueeze", path, List.of(x.name(), w.longs(path + ".axes", 1))),
                new Shape(x.shape().get(0), 1).addAll(x.shape().slice(1))));
    }

    /** (N, C, D, H, W) to (N, C * D, H, W): a 3-D layer's maps and depths as one set of 2-D channels (HybridSN's reshape). */
    public static LocalStep spectralToChannels() {
        return new LocalStep(x -> x.reshape(x.getShape().get(0), -1, x.getShape().get(3), x.getShape().get(4)), "spectral_to_channels",
                (w, x, path) -> {
                    long[] s = x.shape().getShape();
                    return new OnnxWriter.Value(w.node("Reshape", path, List.of(x.name(), w.longs(path + ".shape", 0, -1, s[3], s[4]))),
                            new Shape(s[0], s[1] * s[2], s[3], s[4]));
                });
    }

    /** Log-probabilities over the class axis. */
    public static LocalStep logSoftmax() {
        return new LocalStep(x -> x.logSoftmax(1), "log_softmax", (w, x, path) -> new OnnxWriter.Value(
                w.node("LogSoftmax", path, List.of(x.name()), OnnxWriter.Attribute.of("axis", 1L)), x.shape()));
    }
}
