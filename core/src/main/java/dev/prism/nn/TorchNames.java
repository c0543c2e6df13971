package dev.prism.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names every parameter of a DJL block tree the way PyTorch's {@code state_dict()} names it, so
 * that weights move between Prism and PyTorch by name. Rules:
 *
 * <ul>
 *   <li>children of a plain {@link SequentialBlock} are named by their 0-based index
 *       ({@code nn.Sequential});
 *   <li>children of any other block (including {@link Chain}) by the name they were added with
 *       (DJL's two-digit ordinal prefix removed); an empty name is transparent;
 *   <li>DJL parameter names map to PyTorch's: gamma → weight, beta → bias, runningMean →
 *       running_mean, runningVar → running_var.
 * </ul>
 */
public final class TorchNames {

    private TorchNames() {}

    /** All parameters (trainable and running statistics) under their PyTorch names, in tree order. */
    public static Map<String, Parameter> of(Block root) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Map.Entry<String, Block> module : modules(root).entrySet()) {
            for (Pair<String, Parameter> p : module.getValue().getDirectParameters()) {
                String prefix = module.getKey().isEmpty() ? "" : module.getKey() + ".";
                String name = prefix + torchParameterName(p.getValue().getName());
                if (out.put(name, p.getValue()) != null) {
                    throw new IllegalStateException("two parameters map to the PyTorch name " + name);
                }
            }
        }
        return out;
    }

    /** Every block that holds parameters directly (conv, BatchNorm, linear), by PyTorch module name. */
    public static Map<String, Block> modules(Block root) {
        Map<String, Block> out = new LinkedHashMap<>();
        collect(root, "", out);
        return out;
    }

    private static void collect(Block block, String prefix, Map<String, Block> out) {
        if (!block.getDirectParameters().isEmpty()) {
            String name = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
            if (out.put(name, block) != null) {
                throw new IllegalStateException("two modules map to the PyTorch name " + name);
            }
        }
        boolean indexed = block instanceof SequentialBlock && !(block instanceof Chain);
        int index = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            String segment = indexed ? Integer.toString(index) : child.getKey().replaceFirst("^\\d+", "");
            collect(child.getValue(), segment.isEmpty() ? prefix : prefix + segment + ".", out);
            index++;
        }
    }

    static String torchParameterName(String djlName) {
        switch (djlName) {
            case "gamma":
                return "weight";
            case "beta":
                return "bias";
            case "runningMean":
                return "running_mean";
            case "runningVar":
                return "running_var";
            default:
                return djlName;
        }
    }
}
