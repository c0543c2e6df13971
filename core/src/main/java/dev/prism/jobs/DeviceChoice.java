package dev.prism.jobs;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.google.gson.annotations.SerializedName;
import java.util.Locale;

/** Where a run computes: the GPU when DJL finds one, or the CPU whatever there is. */
public enum DeviceChoice {
    @SerializedName("auto") AUTO,
    @SerializedName("cpu") CPU;

    /** The device this choice gives on this machine. */
    public Device device() {
        return this == CPU ? Device.cpu() : Engine.getInstance().defaultDevice();
    }

    /** The name as files and the command line spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
