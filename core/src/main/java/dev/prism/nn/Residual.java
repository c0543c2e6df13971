package dev.prism.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code post(main(x) + shortcut(x))}: the residual connection of ResNet (He et al. 2016) and of
 * the MobileNetV2/V3 inverted residuals. The shortcut is the identity unless a projection block is
 * given; {@code post} is applied after the sum (ReLU in ResNet, identity in MobileNets, whose
 * bottlenecks are linear).
 */
public final class Residual extends AbstractBlock implements OnnxForm {

    private final Block main;
    private final Block shortcut;
    private final Activation post;

    /**
     * @param mainName PyTorch attribute name of the main branch ("" when its children sit directly
     *     in the parent, as in SENet's BasicBlock)
     * @param shortcut projection block named {@code shortcut}, or null for the identity
     */
    public Residual(String mainName, Block main, Block shortcut, Activation post) {
        this.main = addChildBlock(mainName, main);
        this.shortcut = shortcut == null ? null : addChildBlock("shortcut", shortcut);
        this.post = post;
    }

    /** The main branch. */
    public Block main() {
        return main;
    }

    /** The projection shortcut, or null for the identity. */
    public Block shortcut() {
        return shortcut;
    }

    /** The activation applied after the sum. */
    public Activation post() {
        return post;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = main.forward(ps, inputs, training).singletonOrThrow();
        NDArray s = shortcut == null ? x : shortcut.forward(ps, inputs, training).singletonOrThrow();
        return new NDList(post.apply(y.add(s)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return main.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        main.initialize(manager, dataType, inputShapes);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }

    /** The main path, the shortcut (the identity when there is none), {@code Add}, and the activation after the sum. */
    @Override
    public OnnxWriter.Value writeOnnx(OnnxWriter w, OnnxWriter.Value x, String path) {
        OnnxWriter.Value m = w.emit(main, x, path);
        OnnxWriter.Value s = shortcut == null ? x : w.emit(shortcut, x, w.join(path, "shortcut"));
        String sum = w.node("Add", path, java.util.List.of(m.name(), s.name()));
        return new OnnxWriter.Value(w.activation(post, sum, path), m.shape());
    }
}
