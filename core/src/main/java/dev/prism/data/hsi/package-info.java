/**
 * Hyperspectral scenes: readers (MAT v5/v7.3, NumPy, ENVI), the registered scenes, PCA, splits
 * (stratified random, spatially disjoint, per-class fields) and window samples.
 */
package dev.prism.data.hsi;
