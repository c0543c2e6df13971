/**
 * Prism: lightweight and attention CNNs (MobileNetV1/V2/V3, SE-ResNet) and the HybridSN family for
 * hyperspectral image classification, on DJL and libtorch. The packages, in the order their
 * dependencies point: {@link dev.prism.nn} (layers), {@link dev.prism.models} (the zoo and its
 * registry), {@link dev.prism.data} (scenes, images, splits), {@link dev.prism.train} (the
 * training loop), {@link dev.prism.metrics}, {@link dev.prism.report}; then the command line's
 * jobs and commands. This package holds what all of them share: {@link dev.prism.SettingException}.
 */
package dev.prism;
