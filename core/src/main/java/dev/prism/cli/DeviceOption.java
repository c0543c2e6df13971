package dev.prism.cli;

import dev.prism.jobs.DeviceChoice;
import picocli.CommandLine.Option;

/** {@code --device}: where a command computes. */
final class DeviceOption {

    @Option(names = "--device", defaultValue = "auto", description = "auto (the GPU when DJL finds one) or cpu (default: ${DEFAULT-VALUE}).")
    DeviceChoice device;
}
