/**
 * Building blocks on DJL's {@code Block}: the one place for activations ({@link dev.prism.nn.Activation}),
 * squeeze-excitation and CBAM gates ({@link dev.prism.nn.SqueezeExcite}, {@link dev.prism.nn.SpatialGate},
 * {@link dev.prism.nn.Cbam}), layers named as PyTorch names them ({@link dev.prism.nn.Layers},
 * {@link dev.prism.nn.TorchNames}), memory layouts, and libtorch operators DJL does not expose
 * ({@link dev.prism.nn.TorchOps}).
 */
package dev.prism.nn;
