/**
 * Classical spectral baselines (an RBF support vector machine and a random forest on each pixel's
 * spectrum, through Tribuo), scored by the same split, metrics and study machinery as the networks:
 * the comparison a hyperspectral reviewer asks for first. Depends on nothing else in Prism.
 */
package dev.prism.baselines;
