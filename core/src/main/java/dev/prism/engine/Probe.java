package dev.prism.engine;

import ai.djl.ndarray.NDManager;
import dev.prism.nn.MemoryFormat;

/**
 * One pattern of operator, shape, layout and precision that Prism's networks rely on, with a way to
 * run it against a reference computed another way ({@link Reference}).
 *
 * @param stem the operator and shape in an id's form; {@link #id()} adds layout and precision
 * @param kind what a failure rules out
 * @param label the operator and shape, for people
 * @param layout the input's memory format, or null where the layout plays no part
 * @param bf16 whether the operator computes in bfloat16
 * @param body runs the probe and returns its worst relative error
 */
public record Probe(String stem, Kind kind, String label, MemoryFormat layout, boolean bf16, Body body) {

    /** fp32 results must agree with the double-precision reference to this relative error. */
    public static final double FP32_TOLERANCE = 1e-3;

    /** bfloat16 results (8-bit mantissa) must agree with the float reference to this relative error. */
    public static final double BF16_TOLERANCE = 3e-2;

    /** What a failing probe rules out. */
    public enum Kind {
        /** 2-D convolution, BatchNorm, SE or linear arithmetic of image networks: the image layout. */
        IMAGES,
        /** 3-D convolution: the volume layout. */
        VOLUMES,
        /** Prism's own libtorch operators ({@code TorchOps}): the native path. */
        NATIVE
    }

    /** Runs the probe; the worst relative error and where it was. */
    @FunctionalInterface
    public interface Body {
        /** Computes the probe's operation under {@code manager} and compares it with its reference. */
        Measured run(NDManager manager);
    }

    /** A probe's worst relative error and the tensor it was in. */
    public record Measured(double error, String where) {

        /** The larger of the two (NaN and infinity count as the largest). */
        Measured worse(Measured other) {
            if (other == null) {
                return this;
            }
            return !(other.error <= error) ? other : this;
        }

        static Measured of(String where, float[] actual, double[] reference) {
            return new Measured(Reference.relativeError(actual, reference), where);
        }
    }

    /** Unique name, {@code stem/layout/precision}, used to resume a probe run after a crash. */
    public String id() {
        return stem + "/" + layoutName() + "/" + precision();
    }

    /** The input memory format probed, or {@code -} when the probe has none. */
    public String layoutName() {
        return layout == null ? "-" : layout.label();
    }

    /** {@code bf16} or {@code fp32}. */
    public String precision() {
        return bf16 ? "bf16" : "fp32";
    }

    /** The largest relative error that passes at this precision. */
    public double tolerance() {
        return bf16 ? BF16_TOLERANCE : FP32_TOLERANCE;
    }

    /** Runs the probe and judges it; an exception is a {@link ProbeResult.Outcome#FAILED} result. */
    public ProbeResult run(NDManager manager) {
        try (NDManager m = manager.newSubManager()) {
            Measured r = body.run(m);
            ProbeResult.Outcome o = r.error() <= tolerance() ? ProbeResult.Outcome.PASS : ProbeResult.Outcome.WRONG;
            return new ProbeResult(id(), kind, label, layoutName(), precision(), r.error(), tolerance(), o,
                    "worst in " + r.where());
        } catch (RuntimeException e) {
            return ProbeResult.unfinished(this, ProbeResult.Outcome.FAILED,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
