package dev.prism.nn;

/**
 * A block's own ONNX form: how it writes itself into a graph. Every Prism block implements it
 * (steps get theirs where they are made), so a new block brings its export with it and the
 * exporter dispatches on nothing but this interface and one table of DJL's own blocks.
 */
@FunctionalInterface
public interface OnnxForm {

    /** Writes this block on {@code x} under {@code path}; returns its output. */
    OnnxWriter.Value writeOnnx(OnnxWriter w, OnnxWriter.Value x, String path);
}
