package dev.prism.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutocastTest {

    @org.junit.jupiter.api.BeforeAll
    static void bf16IsRightOnThisMachine() {
        // bf16 is refused for users too where this skips
        dev.prism.EngineAssumptions.assumeBf16();
    }

    /**
     * conv2d -> ReLU6, or conv3d -> ReLU, then flatten -> linear. (No BatchNorm: in training mode
     * it subtracts each channel's mean, and the convolution's gradients behind it are differences
     * of nearly equal sums, where bfloat16's 8-bit mantissa shows as 10% relative error.)
     */
    private static Block network(boolean threeD) {
        Sequential s = new Sequential();
        if (threeD) {
            s.add(Conv3d.builder().setKernelShape(new Shape(3, 3, 3)).setFilters(4).build());
            s.add(Activation.RELU.block());
        } else {
            s.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(8).build());
            s.add(Activation.RELU6.block());
        }
        s.add(Layers.flatten());
        s.add(Linear.builder().setUnits(5).build());
        return s;
    }

    private record Pass(float[] out, DataType outType, List<float[]> grads, List<DataType> gradTypes) {}

    private static Pass pass(boolean threeD, boolean bf16) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            Block net = network(threeD);
            Shape in = threeD ? new Shape(2, 1, 6, 7, 7) : new Shape(2, 3, 9, 9);
            net.initialize(m, DataType.FLOAT32, in);
            NDArray x = dev.prism.engine.EngineCheck.check().layout().apply(m.arange((float) in.size()).reshape(in).mul(0.37f).sin());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y;
                try (Autocast.Scope a = Autocast.bf16(bf16)) {
                    y = net.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
                }
                gc.backward(y.square().mean());
                List<float[]> grads = new ArrayList<>();
                List<DataType> types = new ArrayList<>();
                for (Parameter p : net.getParameters().values()) {
                    if (p.requiresGradient()) {
                        grads.add(p.getArray().getGradient().toFloatArray());
                        types.add(p.getArray().getGradient().getDataType());
                    }
                }
                return new Pass(y.toFloatArray(), y.getDataType(), grads, types);
            }
        }
    }

    private static double relativeError(float[] a, float[] ref) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - ref[i]) * (double) (a[i] - ref[i]);
            den += ref[i] * (double) ref[i];
        }
        return Math.sqrt(num / den);
    }

    @Test
    void bf16IsCloseToFloat32ButComputedInBf16WithFloat32GradientsForTheWeights() {
        for (boolean threeD : new boolean[] {false, true}) {
            Pass fp32 = pass(threeD, false);
            Pass bf16 = pass(threeD, true);
            assertThat(bf16.outType()).isEqualTo(DataType.FLOAT32);
            double outError = relativeError(bf16.out(), fp32.out());
            assertThat(outError).as("3-D %s: bf16 keeps 8 bits of mantissa", threeD).isBetween(1e-5, 3e-2);
            assertThat(bf16.grads()).hasSameSizeAs(fp32.grads());
            for (int i = 0; i < fp32.grads().size(); i++) {
                assertThat(bf16.gradTypes().get(i)).as("master gradient %d", i).isEqualTo(DataType.FLOAT32);
                assertThat(relativeError(bf16.grads().get(i), fp32.grads().get(i))).as("3-D %s gradient %d", threeD, i)
                        .isLessThan(5e-2);
            }
        }
    }

    @Test
    void outsideTheScopeNothingChangesAndScopesNest() {
        assertThat(pass(false, false).out()).containsExactly(pass(false, false).out());
        assertThat(Autocast.active()).isFalse();
        try (Autocast.Scope outer = Autocast.bf16(true)) {
            try (Autocast.Scope inner = Autocast.bf16(false)) {
                assertThat(Autocast.active()).as("an fp32 scope inside a bf16 one keeps bf16").isTrue();
            }
            assertThat(Autocast.active()).isTrue();
        }
        assertThat(Autocast.active()).isFalse();
    }

    @Test
    void passesLeaveNothingBehindInTheNetworksManager() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = network(false);
            Shape in = new Shape(2, 3, 9, 9);
            net.initialize(m, DataType.FLOAT32, in);
            ParameterStore ps = new ParameterStore(m, false);
            int before = m.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                try (NDManager step = m.newSubManager(); Autocast.Scope a = Autocast.bf16(true)) {
                    net.forward(ps, new NDList(step.ones(in)), true);
                }
            }
            assertThat(m.getManagedArrays().size()).as("arrays left in the network's manager").isEqualTo(before);
        }
    }
}
