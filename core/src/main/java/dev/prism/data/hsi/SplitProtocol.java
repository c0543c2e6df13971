package dev.prism.data.hsi;

import com.google.gson.annotations.SerializedName;
import java.util.Locale;

/** How a scene's labelled pixels are divided into training and test pixels; see {@link Split} and {@link FieldSplit}. */
public enum SplitProtocol {
    /** Stratified per class, pixels drawn anywhere (the HybridSN paper's protocol). */
    @SerializedName("random") RANDOM,
    /** Each class's fields cut across their longer axis, one end training, the other testing, no training pixel inside a test window. */
    @SerializedName("fields") FIELDS,
    /** Grouped cross-validation over fields: every labelled pixel tested once, no test window holding a training pixel. */
    @SerializedName("fields-kfold") FIELDS_KFOLD,
    /** Spatial blocks; test windows never overlap training windows. */
    @SerializedName("disjoint") DISJOINT,
    /** Spatial blocks; no test pixel inside a training window. */
    @SerializedName("disjoint-centre") DISJOINT_CENTRE;

    /** The name as files and the command line spell it ({@code fields-kfold}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether training and test pixels are kept apart in space (every protocol but the random one). */
    public boolean spatiallySeparated() {
        return this != RANDOM;
    }

    @Override
    public String toString() {
        return label();
    }
}
