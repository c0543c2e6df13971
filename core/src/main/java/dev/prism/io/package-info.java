/**
 * File formats and safe writing: safetensors, NumPy {@code .npy}/{@code .npz}, half floats, strict
 * JSON ({@link dev.prism.io.StrictJson}) and atomic files ({@link dev.prism.io.AtomicFiles}).
 */
package dev.prism.io;
