package dev.prism.io;

import java.util.Map;

/**
 * What a cube's header says beside its values: where it lies on the ground ({@link Georeference})
 * and the centre wavelength of each band (null when the header gives none), as ENVI headers carry
 * them; {@link #NONE} for formats without a header (MATLAB, .npy).
 *
 * @param geo the georeferencing
 * @param wavelengths one per band, in the header's units, or null
 * @param units the header's {@code wavelength units}, or null
 */
public record CubeHeader(Georeference geo, double[] wavelengths, String units) {

    /** Nothing known. */
    public static final CubeHeader NONE = new CubeHeader(Georeference.NONE, null, null);

    /** The header fields of a parsed ENVI header (keys lower-cased). */
    public static CubeHeader fromEnvi(Map<String, String> header) {
        return new CubeHeader(Georeference.fromHeader(header), numbers(header.get("wavelength")), header.get("wavelength units"));
    }

    private static double[] numbers(String list) {
        if (list == null) {
            return null;
        }
        String[] f = list.replace("{", "").replace("}", "").trim().split("\\s*,\\s*");
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Double.parseDouble(f[i].trim());
        }
        return out;
    }

    /**
     * Refuses a cube whose bands are not the training scene's: when both headers give wavelengths,
     * every band's centre must agree within 0.1%; the first that does not is named.
     *
     * @param trained the training scene's wavelengths, or null
     * @param scene how errors name the cube
     */
    public void checkBands(double[] trained, String scene) {
        if (wavelengths == null || trained == null) {
            return;
        }
        if (wavelengths.length != trained.length) {
            throw new IllegalArgumentException(scene + " lists " + wavelengths.length + " wavelengths but the run was trained on "
                    + trained.length + " bands");
        }
        for (int b = 0; b < trained.length; b++) {
            if (Math.abs(wavelengths[b] - trained[b]) > 1e-3 * Math.abs(trained[b])) {
                throw new IllegalArgumentException(scene + ": band " + b + " (0-based) is at " + wavelengths[b] + (units == null ? "" : " " + units)
                        + ", the run's training scene had it at " + trained[b] + ": a scene must have its training scene's bands");
            }
        }
    }
}
