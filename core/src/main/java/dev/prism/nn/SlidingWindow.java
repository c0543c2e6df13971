package dev.prism.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A window classifier evaluated at every window position of a larger input in one pass, the
 * fully convolutional form of a sliding-window network (Sermanet et al., "OverFeat", ICLR 2014,
 * https://arxiv.org/abs/1312.6229, section 3.5; Long et al., "Fully Convolutional Networks",
 * CVPR 2015).
 *
 * <p>A network qualifies when it is a sequence of unpadded stride-1 convolutions, BatchNorms,
 * dropouts and {@link LocalStep}s, then a {@link Flatten}, then {@link Linear} layers with local
 * steps, BatchNorms and dropouts between them. Neighbouring windows then share every convolution
 * output, so the convolutions run once over the whole input; the first linear layer becomes a
 * convolution whose kernel is the window's feature map (its weight reshaped), the later ones 1x1
 * convolutions. The result is, up to floating-point summation order, the network's output for the
 * window centred on each position; for HybridSN on a 145 x 145 scene with 25 x 25 windows it does
 * about 1/45 of the multiply-adds of classifying the 21,025 windows one by one. Anything that looks
 * at a whole window (a squeeze-and-excitation block's global pooling), padding or strides makes
 * {@link #of} decline, and the caller classifies windows one by one. Inference only.
 */
public final class SlidingWindow {

    private interface Step {
        NDArray apply(ParameterStore ps, NDArray x);
    }

    private final List<Step> steps;

    private SlidingWindow(List<Step> steps) {
        this.steps = steps;
    }

    /** The fully convolutional form of {@code net} for square windows of side {@code window}, if it has one. */
    public static Optional<SlidingWindow> of(Block net, int window) {
        List<Block> blocks = new ArrayList<>();
        expand(net, blocks);
        List<Step> steps = new ArrayList<>();
        int size = window;
        int i = 0;
        for (; i < blocks.size() && !(blocks.get(i) instanceof Flatten); i++) {
            Block b = blocks.get(i);
            if (b instanceof Convolution c) {
                Shape k = c.getKernelShape();
                long kh = k.get(k.dimension() - 2);
                long kw = k.get(k.dimension() - 1);
                if (!all(c.getStride(), 1) || !all(c.getDilation(), 1) || !all(c.getPadding(), 0) || kh != kw) {
                    return Optional.empty();
                }
                size -= kw - 1;
                steps.add(inference(b));
            } else if (b instanceof LocalStep || b instanceof BatchNorm || b instanceof Dropout) {
                steps.add(inference(b));
            } else {
                return Optional.empty();
            }
        }
        if (i == blocks.size() || size < 1) {
            return Optional.empty();
        }
        boolean first = true;
        for (i++; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (b instanceof Linear linear) {
                steps.add(asConvolution(linear, first ? size : 1));
                first = false;
            } else if (!first && (b instanceof LocalStep || b instanceof BatchNorm) || b instanceof Dropout) {
                steps.add(inference(b));
            } else {
                return Optional.empty();
            }
        }
        return first ? Optional.empty() : Optional.of(new SlidingWindow(steps));
    }

    /**
     * Scores for every window position: {@code input} is (N, ..., H, W) with the window's
     * non-spatial axes; the result is (N, outputs, H - window + 1, W - window + 1), belonging to
     * the input's manager (every intermediate is freed as soon as it is consumed).
     */
    public NDArray scores(ParameterStore ps, NDArray input) {
        List<UnaryOperator<NDList>> ops = new ArrayList<>();
        for (Step s : steps) {
            ops.add(x -> new NDList(s.apply(ps, x.singletonOrThrow())));
        }
        return Sequential.releasing(new NDList(input), ops).singletonOrThrow();
    }

    private static void expand(Block block, List<Block> into) {
        if (block instanceof SequentialBlock) {
            for (Block child : block.getChildren().values()) {
                expand(child, into);
            }
        } else {
            into.add(block);
        }
    }

    private static Step inference(Block b) {
        return (ps, x) -> b.forward(ps, new NDList(x), false).singletonOrThrow();
    }

    /** A linear layer as a convolution over (N, C, H, W) whose kernel covers {@code size} x {@code size} positions. */
    private static Step asConvolution(Linear linear, int size) {
        return (ps, x) -> {
            NDArray w = ps.getValue(linear.getParameters().get("weight"), x.getDevice(), false);
            ai.djl.nn.Parameter b = linear.getParameters().get("bias");
            NDArray bias = b == null ? null : ps.getValue(b, x.getDevice(), false);
            long rows = x.getShape().get(x.getShape().dimension() - 2);
            long cols = x.getShape().get(x.getShape().dimension() - 1);
            NDArray maps = x.getShape().dimension() == 4 ? x : x.reshape(x.getShape().get(0), -1, rows, cols);
            // the reshaped view belongs to the input's scope: attached to the weight's manager, one handle a pass would
            // stay until the network is closed
            NDArray kernel = w.reshape(w.getShape().get(0), -1, size, size);
            kernel.attach(x.getManager());
            return Conv2d.conv2d(maps, kernel, bias).singletonOrThrow();
        };
    }

    /** Whether every entry of {@code s} equals {@code value}. */
    private static boolean all(Shape s, long value) {
        for (long v : s.getShape()) {
            if (v != value) {
                return false;
            }
        }
        return true;
    }
}
