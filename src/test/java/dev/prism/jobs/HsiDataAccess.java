package dev.prism.jobs;

import dev.prism.data.hsi.Scene;

/** Test access to package-private preprocessing. */
public final class HsiDataAccess {

    private HsiDataAccess() {}

    public static float[] standardize(Scene s) {
        return HsiData.standardizedBands(s);
    }
}
