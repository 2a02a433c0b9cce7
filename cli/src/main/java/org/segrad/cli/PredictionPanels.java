package org.segrad.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.segrad.io.AtomicFiles;

/**
 * One PNG per validation image that a reader takes in at a glance: image | truth | prediction | error map side by side,
 * a title over each panel, and a legend of the class colours below.
 *
 * <p>The image is min–max scaled to gray (so z-scored MRI slices show as well as [0, 1] cells); truth and prediction
 * show class c in {@link #colour}(c) (green, blue, orange, …: never the error red) blended at 55% over the image (class 0, background, stays gray); the error map
 * shows every pixel where prediction ≠ truth in red over the darkened image. Panels are enlarged by an integer factor
 * (nearest neighbour) to about 256 pixels, so that a 16×16 test image is still visible.
 */
final class PredictionPanels {
    private static final int[] PALETTE = {0x3CB44B, 0x4363D8, 0xF58231, 0x911EB4, 0x46F0F0, 0xF032E6, 0xBCF60C, 0xFFE119};
    private static final int ERROR = 0xFF0000;
    private static final int PAD = 8, TITLE = 22, LEGEND = 26;
    private static final String[] TITLES = {"image", "truth", "prediction", "errors (red)"};

    private PredictionPanels() {}

    /** The display colour of class c ≥ 1 (0xRRGGBB). */
    static int colour(int c) {
        return PALETTE[(c - 1) % PALETTE.length];
    }

    /**
     * Writes the four-panel PNG atomically.
     *
     * @param gray    h·w pixel values (the first channel), any range
     * @param truth   h·w class ids
     * @param pred    h·w class ids
     * @param classes the number of classes, for the legend
     */
    static void write(Path png, String title, float[] gray, int[] truth, int[] pred, int h, int w, int classes) throws IOException {
        BufferedImage img = render(title, gray, truth, pred, h, w, classes);
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer");
        });
    }

    static BufferedImage render(String title, float[] gray, int[] truth, int[] pred, int h, int w, int classes) {
        int scale = Math.max(1, 256 / Math.max(h, w));
        int pw = w * scale, ph = h * scale;
        int width = 4 * pw + 5 * PAD, height = TITLE + ph + LEGEND + 2 * PAD;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int[] v = grayLevels(gray, h * w);
            for (int panel = 0; panel < 4; panel++) {
                int x0 = PAD + panel * (pw + PAD), y0 = TITLE + PAD;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int p = y * w + x;
                        int rgb = switch (panel) {
                            case 0 -> rgb(v[p], v[p], v[p]);
                            case 1 -> blend(v[p], truth[p]);
                            case 2 -> blend(v[p], pred[p]);
                            default -> pred[p] != truth[p] ? ERROR : rgb(v[p] / 2, v[p] / 2, v[p] / 2);
                        };
                        for (int dy = 0; dy < scale; dy++) {
                            for (int dx = 0; dx < scale; dx++) out.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                        }
                    }
                }
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
                String t = panel == 0 ? title : TITLES[panel];
                g.drawString(fit(g.getFontMetrics(), t, pw), x0, PAD + 14);
            }
            legend(g, classes, PAD, TITLE + PAD + ph + PAD + 14);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void legend(Graphics2D g, int classes, int x, int baseline) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (int c = 0; c <= classes; c++) {
            boolean error = c == classes;
            int col = error ? ERROR : c == 0 ? 0x808080 : colour(c);
            String label = error ? "prediction ≠ truth" : c == 0 ? "class 0 (background)" : "class " + c;
            g.setColor(new Color(col));
            g.fillRect(x, baseline - 11, 12, 12);
            g.setColor(Color.BLACK);
            g.drawRect(x, baseline - 11, 12, 12);
            g.drawString(label, x + 17, baseline);
            x += 17 + fm.stringWidth(label) + 16;
        }
    }

    private static String fit(FontMetrics fm, String s, int width) {
        if (fm.stringWidth(s) <= width) return s;
        while (s.length() > 1 && fm.stringWidth(s + "…") > width) s = s.substring(0, s.length() - 1);
        return s + "…";
    }

    /** Min–max scaling of the first h·w values to 0..255 (a constant image is mid-gray; NaN is black). */
    private static int[] grayLevels(float[] gray, int n) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (Float.isFinite(gray[i])) {
                lo = Math.min(lo, gray[i]);
                hi = Math.max(hi, gray[i]);
            }
        }
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(gray[i])) v[i] = 0;
            else v[i] = hi > lo ? Math.round(255f * (gray[i] - lo) / (hi - lo)) : 128;
        }
        return v;
    }

    private static int blend(int gray, int c) {
        if (c <= 0) return rgb(gray, gray, gray);
        int col = colour(c);
        return rgb(mix(gray, col >> 16 & 0xFF), mix(gray, col >> 8 & 0xFF), mix(gray, col & 0xFF));
    }

    private static int mix(int gray, int colour) {
        return Math.round(0.45f * gray + 0.55f * colour);
    }

    private static int rgb(int r, int g, int b) {
        return r << 16 | g << 8 | b;
    }
}
