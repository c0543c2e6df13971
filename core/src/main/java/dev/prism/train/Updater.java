package dev.prism.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.prism.io.LazyTensor;
import dev.prism.io.Tensor;
import dev.prism.models.StateDict;
import dev.prism.nn.TorchOps;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prism's optimizers, with PyTorch's update rules, operating in place on a network's parameters
 * (by PyTorch name) and zeroing each gradient after its update.
 *
 * <p>Why not DJL's {@code Optimizer}: its state (Adam moments, momentum buffers, step counts) is
 * private and keyed by per-process parameter ids, so a killed run could not resume to the same
 * result; here the state is saved in every checkpoint under the parameters' names.
 */
public abstract class Updater {

    protected final Map<String, Parameter> params;
    protected final NDManager manager;
    protected final Map<String, NDArray[]> state = new LinkedHashMap<>();
    protected final double weightDecay;
    protected long steps;

    /**
     * @param trainable the parameters to update, by PyTorch name
     * @param manager holds the optimizer's state
     * @param weightDecay applied to weights only ({@link #decayOf})
     */
    protected Updater(Map<String, Parameter> trainable, NDManager manager, double weightDecay) {
        this.params = trainable;
        this.manager = manager;
        this.weightDecay = weightDecay;
    }

    /** Makes an optimizer for a network's trainable parameters (by PyTorch name), its state under {@code manager}. */
    @FunctionalInterface
    public interface Factory {
        /** The optimizer of {@code trainable}. */
        Updater create(Map<String, Parameter> trainable, NDManager manager);
    }

    /** The optimizer {@code c} names, with its weight decay, momentum and Nesterov setting. */
    public static Factory of(TrainConfig c) {
        switch (c.optimization().kind()) {
            case ADAM:
                return adam(c.regularization().weightDecay());
            case ADAMW:
                return adamW(c.regularization().weightDecay());
            case SGD:
                return sgd(c.regularization().weightDecay(), c.optimization().momentum(), c.optimization().nesterov());
            default:
                throw new AssertionError(c.optimization().kind());
        }
    }

    /** Adam with L2 weight decay {@code weightDecay} (PyTorch's {@code torch.optim.Adam}). */
    public static Factory adam(double weightDecay) {
        checkDecay(weightDecay);
        return (trainable, manager) -> new Adam(trainable, manager, weightDecay, false);
    }

    /** AdamW with decoupled weight decay {@code weightDecay} (PyTorch's {@code torch.optim.AdamW}). */
    public static Factory adamW(double weightDecay) {
        checkDecay(weightDecay);
        return (trainable, manager) -> new Adam(trainable, manager, weightDecay, true);
    }

    /** SGD with L2 weight decay, momentum in [0, 1) and optionally Nesterov momentum (PyTorch's {@code torch.optim.SGD}). */
    public static Factory sgd(double weightDecay, double momentum, boolean nesterov) {
        checkDecay(weightDecay);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new dev.prism.SettingException("momentum", " must be in [0, 1), got " + momentum);
        }
        return (trainable, manager) -> new Sgd(trainable, manager, weightDecay, momentum, nesterov);
    }

    private static void checkDecay(double weightDecay) {
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new dev.prism.SettingException("weight decay", " must be >= 0, got " + weightDecay);
        }
    }

    /** Global L2 norm of all gradients (one value for the whole network). */
    public double gradientNorm() {
        double sum = 0;
        for (Parameter p : params.values()) {
            try (NDArray g = p.getArray().getGradient(); NDArray sq = g.square(); NDArray s = sq.sum()) {
                sum += s.getFloat();
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * One update at learning rate {@code lr}; gradients are first scaled so that their global norm
     * is at most {@code clipNorm} (0 = no clipping). Returns the gradient norm before clipping (NaN
     * when clipping is off and the norm was not computed).
     */
    public double step(double lr, double clipNorm) {
        double norm = Double.NaN;
        double scale = 1;
        if (clipNorm > 0) {
            norm = gradientNorm();
            if (norm > clipNorm) {
                scale = clipNorm / (norm + 1e-6);
            }
        }
        steps++;
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray w = e.getValue().getArray();
            try (NDArray g = w.getGradient()) {
                if (scale != 1) {
                    g.muli(scale);
                }
                update(e.getKey(), w, g, lr);
                zero(w);
            }
        }
        return norm;
    }

    /** Zeroes every gradient without updating (after a skipped step). */
    public void zeroGradients() {
        for (Parameter p : params.values()) {
            zero(p.getArray());
        }
    }

    /** Zeroes {@code w}'s gradient in place: one write (PyTorch's {@code zero_()}), not a read and a write as {@code muli(0)}. */
    private static void zero(NDArray w) {
        ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) w);
    }

    /** Updates {@code w} in place from its gradient {@code g} (already clipped) at learning rate {@code lr}; {@link #steps} counts this step. */
    protected abstract void update(String name, NDArray w, NDArray g, double lr);

    /**
     * Weight decay of one parameter: the configured value for convolution and fully-connected
     * weights, 0 for biases and BatchNorm scales and shifts (as timm and torchvision's recipes
     * do: decaying them shrinks what normalisation restores and costs accuracy on small networks).
     */
    protected double decayOf(String name) {
        Parameter p = params.get(name);
        return p != null && p.getType() == Parameter.Type.WEIGHT ? weightDecay : 0;
    }

    /** The state arrays of parameter {@code name} ({@code slots} of them, zeros like {@code w} at first). */
    protected NDArray[] state(String name, NDArray w, int slots) {
        return state.computeIfAbsent(name, k -> {
            NDArray[] s = new NDArray[slots];
            for (int i = 0; i < slots; i++) {
                s[i] = manager.zeros(w.getShape(), w.getDataType(), w.getDevice());
            }
            return s;
        });
    }

    /** Steps taken (restored from a checkpoint when resuming). */
    public long steps() {
        return steps;
    }

    /** State for a checkpoint: {@code name#slot} tensors. */
    public Map<String, Tensor> stateTensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((name, arrays) -> {
            for (int i = 0; i < arrays.length; i++) {
                out.put(name + "#" + i, new Tensor(arrays[i].getShape().getShape(), arrays[i].toFloatArray()));
            }
        });
        return out;
    }

    /** As {@link #stateTensors()}, each tensor's bytes taken from the engine only when written. */
    public Map<String, LazyTensor> stateLazily() {
        Map<String, LazyTensor> out = new LinkedHashMap<>();
        state.forEach((name, arrays) -> {
            for (int i = 0; i < arrays.length; i++) {
                out.put(name + "#" + i, StateDict.lazily(arrays[i]));
            }
        });
        return out;
    }

    /** Restores {@link #stateTensors()} and the step count from a checkpoint. */
    public void loadState(Map<String, Tensor> tensors, long steps) {
        this.steps = steps;
        Map<String, Map<Integer, Tensor>> byName = new LinkedHashMap<>();
        tensors.forEach((k, t) -> {
            int hash = k.lastIndexOf('#');
            byName.computeIfAbsent(k.substring(0, hash), n -> new java.util.TreeMap<>()).put(Integer.parseInt(k.substring(hash + 1)), t);
        });
        byName.forEach((name, slots) -> {
            Parameter p = params.get(name);
            if (p == null) {
                throw new IllegalArgumentException("optimizer state for '" + name + "' matches no trainable parameter");
            }
            NDArray[] arrays = new NDArray[slots.size()];
            int i = 0;
            for (Tensor t : slots.values()) {
                arrays[i++] = manager.create(t.data(), new Shape(t.shape())).toDevice(p.getArray().getDevice(), false);
            }
            NDArray[] replaced = state.put(name, arrays);
            if (replaced != null) { // a state loaded every round (local SGD) must not pile up under the manager
                for (NDArray a : replaced) {
                    a.close();
                }
            }
        });
    }

    /** Adam (Kingma and Ba 2015) with L2 decay, or AdamW (Loshchilov and Hutter 2019) with decoupled decay. */
    public static final class Adam extends Updater {
        private static final double BETA1 = 0.9;
        private static final double BETA2 = 0.999;
        private static final double EPS = 1e-8;
        private final boolean decoupled;
        /** libtorch's fused kernel (PyTorch's {@code Adam(fused=True)}): one pass over memory instead of about ten. */
        private final boolean fused;
        /** The step number as the one-element tensor the fused kernel reads, made once per step. */
        private NDArray stepTensor;
        private long stepOfTensor = -1;

        Adam(Map<String, Parameter> p, NDManager m, double wd, boolean decoupled) {
            this(p, m, wd, decoupled, TorchOps.available());
        }

        Adam(Map<String, Parameter> p, NDManager m, double wd, boolean decoupled, boolean fused) {
            super(p, m, wd);
            this.decoupled = decoupled;
            this.fused = fused;
        }

        @Override
        protected void update(String name, NDArray w, NDArray g, double lr) {
            NDArray[] s = state(name, w, 2);
            NDArray m = s[0];
            NDArray v = s[1];
            if (fused) {
                TorchOps.adamUpdate(w, g, m, v, stepTensor(w), lr, BETA1, BETA2, decayOf(name), EPS, decoupled);
                return;
            }
            NDArray grad = g;
            NDArray l2 = null;
            double wd = decayOf(name);
            if (wd > 0 && !decoupled) {
                try (NDArray decay = w.mul((float) wd)) {
                    l2 = g.add(decay);
                }
                grad = l2;
            }
            try (NDArray t1 = grad.mul((float) (1 - BETA1)); NDArray t2 = grad.square()) {
                m.muli((float) BETA1).addi(t1);
                v.muli((float) BETA2).addi(t2.muli((float) (1 - BETA2)));
            }
            if (l2 != null) {
                l2.close();
            }
            if (wd > 0 && decoupled) {
                w.muli((float) (1 - lr * wd));
            }
            double bc1 = 1 - Math.pow(BETA1, steps);
            double bc2 = 1 - Math.pow(BETA2, steps);
            try (NDArray denom = v.sqrt(); NDArray upd = m.div(denom.divi((float) Math.sqrt(bc2)).addi((float) EPS))) {
                w.subi(upd.muli((float) (lr / bc1)));
            }
        }

        private NDArray stepTensor(NDArray like) {
            if (stepOfTensor != steps) {
                if (stepTensor != null) {
                    stepTensor.close();
                }
                NDArray made = manager.create((float) steps);
                stepTensor = made.toDevice(like.getDevice(), false);
                if (stepTensor != made) {
                    made.close();
                }
                stepOfTensor = steps;
            }
            return stepTensor;
        }
    }

    /** SGD with momentum and optional Nesterov momentum, PyTorch's formulation. */
    public static final class Sgd extends Updater {
        private final double momentum;
        private final boolean nesterov;

        Sgd(Map<String, Parameter> p, NDManager m, double wd, double momentum, boolean nesterov) {
            super(p, m, wd);
            this.momentum = momentum;
            this.nesterov = nesterov;
        }

        @Override
        protected void update(String name, NDArray w, NDArray g, double lr) {
            NDArray grad = g;
            NDArray l2 = null;
            double wd = decayOf(name);
            if (wd > 0) {
                try (NDArray decay = w.mul((float) wd)) {
                    l2 = g.add(decay);
                }
                grad = l2;
            }
            if (momentum > 0) {
                boolean first = !state.containsKey(name);
                NDArray buf = state(name, w, 1)[0];
                if (first) {
                    buf.addi(grad);
                } else {
                    buf.muli((float) momentum).addi(grad);
                }
                if (nesterov) {
                    try (NDArray d = buf.mul((float) momentum)) {
                        d.addi(grad);
                        w.subi(d.muli((float) lr));
                    }
                } else {
                    try (NDArray d = buf.mul((float) lr)) {
                        w.subi(d);
                    }
                }
            } else {
                try (NDArray d = grad.mul((float) lr)) {
                    w.subi(d);
                }
            }
            if (l2 != null) {
                l2.close();
            }
        }
    }
}
