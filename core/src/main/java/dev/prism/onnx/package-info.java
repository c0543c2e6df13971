/**
 * ONNX: Prism's networks written as standard ONNX models ({@link dev.prism.onnx.OnnxExport}) and
 * run in ONNX Runtime ({@link dev.prism.onnx.OnnxRuntimeModel}), for inference outside the JVM or
 * on ONNX Runtime's kernels. Training stays on DJL and libtorch.
 */
package dev.prism.onnx;
