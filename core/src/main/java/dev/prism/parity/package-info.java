/**
 * Parity with PyTorch: golden fixtures ({@link dev.prism.parity.GoldenFixture}, the bit-exact
 * {@link dev.prism.parity.ValueRule}) and the check that a zoo model reproduces a reference's outputs, loss
 * and gradients ({@link dev.prism.parity.ParityCheck}).
 */
package dev.prism.parity;
