package dev.prism.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * Weight initialisation, set before {@code initialize}. BatchNorm starts at gamma 1, beta 0
 * (DJL's defaults, as PyTorch's).
 *
 * <ul>
 *   <li>{@link Scheme#FAMILY} (the default): hyperspectral networks Glorot (Xavier) uniform, as the
 *       HybridSN authors' Keras code; image networks He (Kaiming) normal with fan-out, as
 *       torchvision initialises ResNets and MobileNets; biases zero. With PyTorch's layer defaults
 *       HybridSN, which has no normalisation layer, was seen to collapse to one class on some seeds;
 *   <li>{@link Scheme#PYTORCH}: PyTorch's layer defaults, what a PyTorch implementation that sets
 *       no initialisation gets ({@code reset_parameters} of {@code nn.Conv*d} and {@code
 *       nn.Linear}: Kaiming uniform with a = sqrt(5), i.e. weights and biases uniform in
 *       +-1/sqrt(fan_in)), to reproduce such a reference and its failures.
 * </ul>
 */
public final class Initialization {

    /** Which initialisation a network starts from. */
    public enum Scheme {
        /** The model family's own (Glorot uniform for hyperspectral networks, He normal fan-out for image networks). */
        FAMILY,
        /** PyTorch's layer defaults: weights and biases uniform in +-1/sqrt(fan_in). */
        PYTORCH
    }

    private Initialization() {}

    /**
     * Sets the initialisers of every weight of {@code block} to draw from a generator of its own
     * seeded with {@code seed}, not the engine's global one, so that building a network neither
     * depends on nor disturbs what else the process draws. The values are drawn when the block is
     * initialised, in its parameters' order; {@link Scheme#PYTORCH} also needs {@link #drawBiases}
     * with the returned generator after that.
     */
    public static SplittableRandom apply(Block block, ModelSpec.Task task, Scheme scheme, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Seeded init = scheme == Scheme.PYTORCH
                ? new Seeded(random, false, Fan.IN, 1)
                : task == ModelSpec.Task.HSI
                        ? new Seeded(random, false, Fan.AVG, 3)
                        : new Seeded(random, true, Fan.OUT, 2);
        block.setInitializer(init, Parameter.Type.WEIGHT);
        return random;
    }

    /**
     * For {@link Scheme#PYTORCH}, after initialisation: every convolution's and fully-connected
     * layer's bias drawn uniform in +-1/sqrt(fan_in) of its weight from {@code random}, as PyTorch
     * does (DJL starts biases at zero). Other schemes leave the biases at zero.
     */
    public static void drawBiases(Block block, Scheme scheme, SplittableRandom random) {
        if (scheme != Scheme.PYTORCH) {
            return;
        }
        if (block instanceof Convolution || block instanceof Linear) {
            Parameter w = null;
            Parameter b = null;
            for (var p : block.getParameters()) {
                if (p.getKey().equals("weight")) {
                    w = p.getValue();
                } else if (p.getKey().equals("bias")) {
                    b = p.getValue();
                }
            }
            if (w != null && b != null && b.isInitialized()) {
                long[] shape = w.getArray().getShape().getShape();
                long fanIn = w.getArray().size() / shape[0];
                float bound = (float) (1 / Math.sqrt(fanIn));
                NDArray bias = b.getArray();
                bias.set(FloatBuffer.wrap(Seeded.uniform(random, bound, Math.toIntExact(bias.size()))));
            }
        }
        block.getChildren().values().forEach(child -> drawBiases(child, scheme, random));
    }

    /** Which fan a weight's scale divides by (as DJL's {@code XavierInitializer.FactorType}). */
    enum Fan {
        IN,
        OUT,
        AVG
    }

    /**
     * Glorot/He scaling as DJL's {@code XavierInitializer} computes it (scale = sqrt(magnitude /
     * fan), fan from the weight's first two dimensions times its kernel's size), drawn from a
     * seeded Java generator instead of the engine's.
     */
    record Seeded(SplittableRandom random, boolean gaussian, Fan fan, double magnitude) implements Initializer {

        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            if (shape.dimension() < 2) {
                throw new IllegalArgumentException("a weight of shape " + shape + " has no fan in and out to scale by");
            }
            double kernel = shape.dimension() == 2 ? 1 : shape.slice(2).size();
            double in = shape.get(1) * kernel;
            double out = shape.get(0) * kernel;
            double f = switch (fan) {
                case IN -> in;
                case OUT -> out;
                case AVG -> (in + out) / 2;
            };
            float scale = (float) Math.sqrt(magnitude / f);
            int n = Math.toIntExact(shape.size());
            float[] values = gaussian ? gaussian(random, scale, n) : uniform(random, scale, n);
            return manager.create(values, shape).toType(dataType, false);
        }

        static float[] uniform(SplittableRandom random, float bound, int n) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) random.nextDouble(-bound, bound);
            }
            return v;
        }

        static float[] gaussian(SplittableRandom random, float std, int n) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) (random.nextGaussian() * std);
            }
            return v;
        }
    }
}
