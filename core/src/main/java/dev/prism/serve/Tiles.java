package dev.prism.serve;

import dev.prism.report.Images;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Square PNG tiles of a map at zoom levels: at level z one tile pixel shows every 2^z-th map pixel,
 * and the highest level holds the whole map in one tile. A tile reads only its sampled pixels (a
 * run of each of its rows), so serving a map of any size takes memory of one tile.
 */
final class Tiles {

    /** Pixels on a tile's side. */
    static final int SIZE = 256;

    private static final int CORRECT = 0xff2ca02c;
    private static final int WRONG = 0xffd62728;

    private Tiles() {}

    /** The level at which the whole of a {@code rows} x {@code cols} map fits one tile. */
    static int maxZoom(int rows, int cols) {
        int z = 0;
        while ((long) SIZE << z < Math.max(rows, cols)) {
            z++;
        }
        return z;
    }

    /** Tile ({@code x}, {@code y}) of level {@code z} of {@code layer}; refused outside the map. */
    static byte[] png(MapSource map, MapSource.Layer layer, int z, int x, int y) throws IOException {
        if (z < 0 || z > maxZoom(map.rows(), map.cols()) || x < 0 || y < 0) {
            throw new IllegalArgumentException("no tile " + z + "/" + x + "/" + y);
        }
        int step = 1 << z;
        long r0 = (long) y * SIZE * step;
        long c0 = (long) x * SIZE * step;
        if (r0 >= map.rows() || c0 >= map.cols()) {
            throw new IllegalArgumentException("no tile " + z + "/" + x + "/" + y);
        }
        int w = (int) Math.min(SIZE, (map.cols() - c0 + step - 1) / step);
        int h = (int) Math.min(SIZE, (map.rows() - r0 + step - 1) / step);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        int[] argb = new int[w];
        for (int i = 0; i < h; i++) {
            row(map, layer, (int) r0 + i * step, (int) c0, w, step, argb);
            img.setRGB(0, i, w, 1, argb, 0, w);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** One row of a tile's colours (0: transparent). */
    private static void row(MapSource map, MapSource.Layer layer, int r, int c0, int w, int step, int[] argb) throws IOException {
        switch (layer) {
            case CONFIDENCE -> {
                float[] conf = map.confidences(r, c0, w, step);
                for (int i = 0; i < w; i++) {
                    int g = Float.isNaN(conf[i]) ? 0 : Math.round(255 * Math.max(0, Math.min(1, conf[i])));
                    argb[i] = Float.isNaN(conf[i]) ? 0 : 0xff000000 | g << 16 | g << 8 | g;
                }
            }
            case ERRORS -> {
                int[] p = map.classes(MapSource.Layer.PREDICTED, r, c0, w, step);
                int[] t = map.classes(MapSource.Layer.TRUTH, r, c0, w, step);
                for (int i = 0; i < w; i++) {
                    argb[i] = t[i] < 0 ? 0 : p[i] == t[i] ? CORRECT : WRONG;
                }
            }
            default -> {
                int[] k = map.classes(layer, r, c0, w, step);
                for (int i = 0; i < w; i++) {
                    argb[i] = k[i] < 0 ? 0 : 0xff000000 | Images.color(k[i]).getRGB();
                }
            }
        }
    }
}
