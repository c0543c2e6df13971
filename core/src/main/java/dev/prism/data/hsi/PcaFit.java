package dev.prism.data.hsi;

import com.google.gson.annotations.SerializedName;
import java.util.Locale;

/** The pixels PCA (or, without PCA, the band standardisation) is fitted on. */
public enum PcaFit {
    /** Every pixel of the scene, test pixels included (the HybridSN paper). */
    @SerializedName("all") ALL,
    /** The training pixels only: nothing of the test pixels reaches the network. */
    @SerializedName("train") TRAIN,
    /** {@link #TRAIN} under every spatially separated split, {@link #ALL} under the random one. */
    @SerializedName("auto") AUTO;

    /** What this choice means under {@code split}: {@link #ALL} or {@link #TRAIN}. */
    public PcaFit under(SplitProtocol split) {
        if (this != AUTO) {
            return this;
        }
        return split.spatiallySeparated() ? TRAIN : ALL;
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
