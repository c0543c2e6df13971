/**
 * Cost of a network: parameters and multiply-adds per layer ({@link dev.prism.cost.ModelSummary})
 * and sweeps over width or resolution.
 */
package dev.prism.cost;
