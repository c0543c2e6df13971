/**
 * The model zoo: architectures as tables of records (MobileNetV1/V2/V3, CIFAR ResNets with and without
 * SE, HybridSN and its variants), each citing its paper; the registry
 * ({@link dev.prism.models.ModelRegistry}, {@link dev.prism.models.ModelSpec}: name, input contract,
 * builder), initialisation, PyTorch state dicts and weight files.
 */
package dev.prism.models;
