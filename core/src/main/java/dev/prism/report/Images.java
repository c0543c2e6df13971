package dev.prism.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * PNG pictures a person can read: class maps with a legend, false-colour composites, confusion
 * heat maps. Plain Java2D; written atomically.
 */
public final class Images {

    /** 20 well-separated colours (Tableau 20), then generated hues. */
    private static final int[] PALETTE = {
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
        0xaec7e8, 0xffbb78, 0x98df8a, 0xff9896, 0xc5b0d5, 0xc49c94, 0xf7b6d2, 0xc7c7c7, 0xdbdb8d, 0x9edae5};

    private Images() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** The colour of class index {@code k}, the same in every map and legend (a fixed palette of 20, then golden-ratio hues). */
    public static Color color(int k) {
        if (k < PALETTE.length) {
            return new Color(PALETTE[k]);
        }
        return Color.getHSBColor((k * 0.618034f) % 1f, 0.65f, 0.9f);
    }

    /**
     * A class map: {@code classes[p]} is the class index of pixel p, or -1 for background (black).
     * The legend lists {@code names} with their colours.
     */
    public static void classMap(Path file, String title, int rows, int cols, int[] classes, List<String> names,
            List<Color> colors) throws IOException {
        int scale = Math.max(1, Math.min(4, 600 / Math.max(rows, cols)));
        int legendWidth = 260;
        int lineHeight = 18;
        int height = Math.max(rows * scale + 40, 40 + names.size() * lineHeight + 10);
        BufferedImage img = new BufferedImage(cols * scale + legendWidth + 20, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, 10, 20);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int k = classes[r * cols + c];
                g.setColor(k < 0 ? Color.BLACK : colors.get(k));
                g.fillRect(10 + c * scale, 30 + r * scale, scale, scale);
            }
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = cols * scale + 20;
        for (int k = 0; k < names.size(); k++) {
            int y = 30 + k * lineHeight;
            g.setColor(colors.get(k));
            g.fillRect(x, y, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(names.get(k), x + 20, y + 12);
        }
        g.dispose();
        write(img, file);
    }

    /** Writes a classification map of {@code rows} x {@code cols} pixels with a legend of the classes present. */
    public static void classMap(Path file, String title, int rows, int cols, int[] classes, List<String> names) throws IOException {
        java.util.ArrayList<Color> colors = new java.util.ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            colors.add(color(k));
        }
        classMap(file, title, rows, cols, classes, names, colors);
    }

    /** False-colour composite of three bands, each stretched between its 2nd and 98th percentile. */
    public static void falseColour(Path file, String title, int rows, int cols, float[][] rgb) throws IOException {
        int scale = Math.max(1, Math.min(4, 600 / Math.max(rows, cols)));
        BufferedImage img = new BufferedImage(cols * scale + 20, rows * scale + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, 10, 20);
        float[][] lim = new float[3][];
        for (int ch = 0; ch < 3; ch++) {
            float[] sorted = rgb[ch].clone();
            java.util.Arrays.sort(sorted);
            lim[ch] = new float[] {sorted[(int) (0.02 * (sorted.length - 1))], sorted[(int) (0.98 * (sorted.length - 1))]};
        }
        for (int p = 0; p < rows * cols; p++) {
            int[] v = new int[3];
            for (int ch = 0; ch < 3; ch++) {
                float span = Math.max(1e-12f, lim[ch][1] - lim[ch][0]);
                v[ch] = Math.max(0, Math.min(255, Math.round(255 * (rgb[ch][p] - lim[ch][0]) / span)));
            }
            g.setColor(new Color(v[0], v[1], v[2]));
            g.fillRect(10 + (p % cols) * scale, 30 + (p / cols) * scale, scale, scale);
        }
        g.dispose();
        write(img, file);
    }

    /** Confusion-matrix heat map: rows true, columns predicted, cells shaded by row share, with counts. */
    public static void confusion(Path file, String title, long[][] m, List<String> names) throws IOException {
        int n = m.length;
        int cell = Math.max(26, Math.min(48, 700 / Math.max(1, n)));
        int labelWidth = 230;
        int top = 50;
        BufferedImage img = new BufferedImage(labelWidth + n * cell + 20, top + n * cell + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title + " (rows: true class, columns: predicted)", 10, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int i = 0; i < n; i++) {
            long row = 0;
            for (long v : m[i]) {
                row += v;
            }
            g.setColor(Color.BLACK);
            g.drawString(names.get(i), 8, top + i * cell + cell / 2 + 4);
            g.drawString(Integer.toString(i + 1), labelWidth + i * cell + cell / 2 - 4, top - 6);
            for (int j = 0; j < n; j++) {
                double share = row == 0 ? 0 : (double) m[i][j] / row;
                int shade = (int) Math.round(255 * (1 - share));
                g.setColor(i == j ? new Color(shade, shade, 255) : new Color(255, shade, shade));
                g.fillRect(labelWidth + j * cell, top + i * cell, cell, cell);
                g.setColor(Color.LIGHT_GRAY);
                g.setStroke(new BasicStroke(1));
                g.drawRect(labelWidth + j * cell, top + i * cell, cell, cell);
                if (m[i][j] > 0) {
                    g.setColor(share > 0.6 ? Color.WHITE : Color.BLACK);
                    g.drawString(Long.toString(m[i][j]), labelWidth + j * cell + 3, top + i * cell + cell / 2 + 4);
                }
            }
        }
        g.dispose();
        write(img, file);
    }

    private static Graphics2D canvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        return g;
    }

    static void write(BufferedImage img, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", bytes)) {
            throw new IOException("no PNG writer available");
        }
        dev.prism.io.AtomicFiles.write(file, bytes.toByteArray());
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
