package dev.prism.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * PyTorch's {@code nn.Sequential}, releasing each intermediate result as soon as the next child
 * has consumed it.
 *
 * <p>DJL attaches every result to the manager of its first input and frees nothing before that
 * manager closes, so a plain {@link SequentialBlock} keeps every activation of a forward pass
 * alive until the end of the step; PyTorch frees a tensor when its last reference goes. Here each
 * child runs in its own short-lived {@link NDManager}: the child's output moves out to the caller's
 * manager, everything else the child made (and the previous child's output, once consumed) is
 * freed when the scope closes. Tensors that autograd saved for the backward pass stay alive, held
 * by the autograd graph itself, exactly as in PyTorch. The caller's own inputs are only borrowed.
 * The values computed are identical; peak memory and allocation traffic drop (measured in
 * {@code docs/performance.md}).
 *
 * <p>In a frozen copy ({@link BatchNormFold#freeze}) a 2-D convolution followed by a BatchNorm
 * runs as one convolution with the normalisation folded into its weights. In inference mode an
 * activation right after a
 * convolution, linear layer or BatchNorm overwrites that layer's result in place (PyTorch's
 * {@code ReLU(inplace=True)}, as torchvision's MobileNets use) instead of allocating its own;
 * training runs every child as is.
 * Inside an {@link Autocast} scope convolutions and linear layers compute in bfloat16.
 */
public class Sequential extends SequentialBlock {

    /** {@code -Dprism.eagerRelease=false} falls back to DJL's behaviour (for measurements). */
    static final boolean EAGER = !"false".equalsIgnoreCase(System.getProperty("prism.eagerRelease"));

    /** Once frozen: per child index, the BatchNorm fold that replaces it and its successor. Null: not frozen. */
    private Map<Integer, BatchNormFold> folds;

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (training && folds != null) {
            throw new IllegalStateException("this network is a frozen inference copy (BatchNorm folded into its convolutions):"
                    + " train the original network, then freeze it again");
        }
        boolean autocast = Autocast.active();
        if (!EAGER && folds == null && !autocast) {
            return super.forwardInternal(ps, inputs, training, params);
        }
        List<Block> children = getChildren().values();
        List<UnaryOperator<NDList>> steps = new ArrayList<>();
        Map<Integer, BatchNormFold> fold = folds == null || autocast ? Map.of() : folds;
        // in inference, an activation overwrites a convolution's, linear layer's or BatchNorm's
        // fresh result instead of allocating its own (no autograd is recording: nothing else reads it)
        boolean inPlace = EAGER && !training && !autocast && !JniUtils.isGradMode();
        boolean fresh = false; // whether the previous step's result is a new tensor only this block holds
        for (int i = 0; i < children.size(); i++) {
            BatchNormFold f = fold.get(i);
            if (f != null) {
                steps.add(f::forward);
                i++;
                fresh = true;
                continue;
            }
            Block child = children.get(i);
            UnaryOperator<NDList> run = autocast ? x -> {
                NDList y = Autocast.forward(child, ps, x, training);
                return y != null ? y : child.forward(ps, x, training, params);
            } : x -> child.forward(ps, x, training, params);
            if (inPlace && fresh && child instanceof LocalStep local) {
                steps.add(x -> {
                    NDArray y = local.applyInPlace(x.singletonOrThrow());
                    return y != null ? new NDList(y) : run.apply(x);
                });
            } else {
                steps.add(run);
            }
            fresh = child instanceof Convolution || child instanceof Linear || child instanceof BatchNorm;
        }
        if (!EAGER || inputs.isEmpty()) {
            NDList current = inputs;
            for (UnaryOperator<NDList> step : steps) {
                current = step.apply(current);
            }
            return current;
        }
        return releasing(inputs, steps);
    }

    /** Folds every convolution-then-BatchNorm pair of this block's own children, once; returns how many. */
    synchronized int freeze() {
        if (folds == null) {
            List<Block> children = getChildren().values();
            Map<Integer, BatchNormFold> m = new HashMap<>();
            for (int i = 0; i + 1 < children.size(); i++) {
                BatchNormFold f = BatchNormFold.of(children.get(i), children.get(i + 1));
                if (f != null) {
                    m.put(i, f);
                    i++;
                }
            }
            folds = m;
        }
        return folds.size();
    }

    /** Whether {@link #freeze} ran. */
    boolean frozen() {
        return folds != null;
    }

    /**
     * Runs {@code steps} in order, each in its own scope under the manager of {@code inputs}: only
     * the last step's output survives in that manager; the inputs are borrowed, never freed.
     */
    static NDList releasing(NDList inputs, List<UnaryOperator<NDList>> steps) {
        NDManager caller = inputs.head().getManager();
        Set<NDArray> borrowed = Collections.newSetFromMap(new IdentityHashMap<>());
        borrowed.addAll(inputs);
        NDList current = inputs;
        for (UnaryOperator<NDList> step : steps) {
            try (NDManager scope = caller.newSubManager()) {
                for (NDArray a : current) {
                    if (borrowed.contains(a)) {
                        a.tempAttach(scope);
                    } else {
                        a.attach(scope);
                    }
                }
                NDList out = step.apply(current);
                for (NDArray a : out) {
                    if (!borrowed.contains(a)) {
                        a.attach(caller);
                    }
                }
                current = out;
            }
        }
        return current;
    }
}
