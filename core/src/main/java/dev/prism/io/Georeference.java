package dev.prism.io;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a raster lies on the ground, as an ENVI header says it: {@code map info} (projection,
 * reference pixel, its map coordinates, pixel size), {@code coordinate system string} (WKT) and
 * {@code projection info}, each kept verbatim (braces included) so that a map written on the same
 * pixel grid carries them unchanged and GDAL and QGIS place it where its scene lies. Any field may
 * be null; {@link #NONE} has none.
 *
 * @param mapInfo the {@code map info} value, or null
 * @param coordinateSystem the {@code coordinate system string} value, or null
 * @param projectionInfo the {@code projection info} value, or null
 */
public record Georeference(String mapInfo, String coordinateSystem, String projectionInfo) implements Serializable {

    /** No georeferencing. */
    public static final Georeference NONE = new Georeference(null, null, null);

    /** The georeferencing fields of a parsed ENVI header (keys lower-cased). */
    public static Georeference fromHeader(Map<String, String> header) {
        return new Georeference(header.get("map info"), header.get("coordinate system string"), header.get("projection info"));
    }

    /** Whether any field is known. */
    public boolean present() {
        return mapInfo != null || coordinateSystem != null || projectionInfo != null;
    }

    /** The header lines that carry this georeferencing to another image on the same pixel grid. */
    public List<String> headerLines() {
        List<String> lines = new ArrayList<>();
        if (mapInfo != null) {
            lines.add("map info = " + mapInfo);
        }
        if (projectionInfo != null) {
            lines.add("projection info = " + projectionInfo);
        }
        if (coordinateSystem != null) {
            lines.add("coordinate system string = " + coordinateSystem);
        }
        return lines;
    }
}
