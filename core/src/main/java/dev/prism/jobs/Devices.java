package dev.prism.jobs;

import dev.prism.SettingException;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Device choice: the GPU when DJL finds one, unless the CPU is forced. */
public final class Devices {

    private Devices() {}

    public static Device choose(boolean forceCpu) {
        return forceCpu ? Device.cpu() : Engine.getInstance().defaultDevice();
    }

    public static Device parse(String name) {
        if (name == null || name.equalsIgnoreCase("auto")) {
            return choose(false);
        }
        if (name.equalsIgnoreCase("cpu")) {
            return Device.cpu();
        }
        throw new SettingException("device", " must be 'auto' or 'cpu', got '" + name + "'");
    }
}
