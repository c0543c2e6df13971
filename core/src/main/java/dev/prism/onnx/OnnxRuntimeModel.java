package dev.prism.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * An ONNX model in ONNX Runtime (CPU), for batched inference: a float input of any batch size in,
 * the scores out. Graph optimisations at their highest level (ONNX Runtime folds BatchNorm into
 * the convolutions and fuses activations), {@code intraOpThreads} threads, one inter-op thread.
 */
public final class OnnxRuntimeModel implements AutoCloseable, dev.prism.train.Scorer {

    static {
        OrtNatives.prepare();
    }

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String input;

    /**
     * Loads a serialised ONNX model.
     *
     * @param model the model's bytes (as {@link OnnxExport#export} returns them)
     * @param intraOpThreads threads for one operator (the machine's cores is the usual choice)
     * @throws IllegalArgumentException when ONNX Runtime refuses the model, with its reason
     */
    public OnnxRuntimeModel(byte[] model, int intraOpThreads) {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setIntraOpNumThreads(intraOpThreads);
            o.setInterOpNumThreads(1);
            session = env.createSession(model, o);
            input = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime refused the model: " + e.getMessage(), e);
        }
    }

    /**
     * The scores of a batch.
     *
     * @param x the batch's values, row-major
     * @param shape its shape, batch first
     * @return the first output's values, row-major (batch x classes)
     */
    public float[] run(float[] x, long[] shape) {
        return scores(x, shape);
    }

    @Override
    public float[] scores(float[] x, long[] shape) {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                OrtSession.Result r = session.run(Map.of(input, t))) {
            OnnxTensor out = (OnnxTensor) r.get(0);
            FloatBuffer fb = out.getFloatBuffer();
            float[] scores = new float[fb.remaining()];
            fb.get(scores);
            return scores;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of shape " + java.util.Arrays.toString(shape) + ": "
                    + e.getMessage(), e);
        }
    }

    /** ONNX Runtime's version, e.g. {@code onnxruntime 1.22.0}. */
    public static String version() {
        return "onnxruntime " + OrtEnvironment.getEnvironment().getVersion();
    }

    /** The model's metadata entries (model, options, input, class names, ...). */
    public Map<String, String> metadata() {
        try {
            return session.getMetadata().getCustomMetadata();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
