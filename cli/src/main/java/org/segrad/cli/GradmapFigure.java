package org.segrad.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.segrad.data.Sample;
import org.segrad.io.AtomicFiles;
import org.segrad.losses.GradMaps;

/**
 * The figure of {@code segrad gradmap}: a first row with the image, the truth and the prediction (misclassified pixels
 * in magenta), then one heat map of |∂L/∂z_true| per loss on one shared log colour scale (inferno; at most
 * {@link #DECADES} decades below the largest value, anything smaller drawn as the scale's bottom), each with its
 * shares of gradient mass, and a colour bar on the right. Written atomically.
 */
final class GradmapFigure {
    private GradmapFigure() {}

    static final int PANEL = 240, GAP = 18, TITLE = 24, CAPTION = 40, HEADER = 46, BAR = 120, MAX_COLUMNS = 4;
    /** Decades the colour scale spans at most. */
    static final double DECADES = 6;

    /** Class colours of the truth and prediction overlays (class 0 is left uncoloured). */
    private static final Color[] CLASSES = {null, new Color(0x2ca02c), new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0x17becf)};
    private static final Color MISCLASSIFIED = new Color(0xff00ff);

    /** Anchors of the inferno colour map at 0, 1/7, …, 1. */
    private static final int[] INFERNO = {0x000004, 0x280b54, 0x65156e, 0x9f2a63, 0xd44842, 0xf57d15, 0xfac127, 0xfcffa4};

    /** Columns of the grid for {@code losses} heat maps. */
    static int columns(int losses) {
        return Math.max(3, Math.min(losses, MAX_COLUMNS));
    }

    /** Width and height of the figure for {@code losses} heat maps. */
    static int[] size(int losses) {
        int cols = columns(losses), rows = 1 + (losses + cols - 1) / cols;
        return new int[] {GAP + cols * (PANEL + GAP) + BAR, HEADER + rows * (TITLE + PANEL + CAPTION) + GAP};
    }

    static void write(Path out, Sample s, int[] predicted, List<GradMaps.GradMap> maps) throws IOException {
        BufferedImage fig = render(s, predicted, maps);
        AtomicFiles.write(out, os -> {
            if (!ImageIO.write(fig, "png", os)) throw new IOException("no PNG writer in this JDK");
        });
    }

    static BufferedImage render(Sample s, int[] predicted, List<GradMaps.GradMap> maps) {
        int[] size = size(maps.size());
        BufferedImage fig = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
        Graphics2D g = fig.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size[0], size[1]);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Gradient maps |∂L/∂z_true| of " + s.name() + " (" + s.w() + "×" + s.h() + "), one shared log colour scale", GAP, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("shares of each loss's gradient mass on misclassified / boundary / confident-correct (p_t ≥ "
                + GradMaps.CONFIDENT + ") pixels; the kinds overlap", GAP, 38);

        float[] gray = normalised(s);
        int[] truth = s.mask();
        int mis = 0;
        for (int i = 0; i < truth.length; i++) if (predicted[i] != truth[i]) mis++;
        panel(g, 0, 0, "image", overlay(s, gray, null, null), null);
        panel(g, 1, 0, "truth", overlay(s, gray, truth, null), "green: class 1" + (maxLabel(truth) > 1 ? ", then blue, orange, …" : ""));
        panel(g, 2, 0, "prediction", overlay(s, gray, predicted, truth),
                String.format(Locale.ROOT, "magenta: misclassified (%d px)", mis));

        double[] scale = GradMaps.sharedLogScale(maps);
        double hi = scale[1], lo = Double.isNaN(hi) ? Double.NaN : Math.max(scale[0], hi * Math.pow(10, -DECADES));
        int cols = columns(maps.size());
        for (int k = 0; k < maps.size(); k++) {
            GradMaps.GradMap m = maps.get(k);
            GradMaps.Shares sh = m.shares();
            String caption = String.format(Locale.ROOT, "misclassified %.2f · boundary %.2f%nconfident-correct %.2f · Σ %.2e",
                    sh.misclassified(), sh.boundary(), sh.confidentCorrect(), GradmapCommand.mass(m));
            panel(g, k % cols, 1 + k / cols, m.loss(), heat(s, m.magnitude(), lo, hi), caption);
        }
        colourBar(g, size[0] - BAR + 10, HEADER + TITLE + PANEL + CAPTION + TITLE, lo, hi);
        g.dispose();
        return fig;
    }

    private static void panel(Graphics2D g, int col, int row, String title, BufferedImage img, String caption) {
        int x = GAP + col * (PANEL + GAP), y = HEADER + row * (TITLE + PANEL + CAPTION);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(fit(g, title, PANEL), x, y + TITLE - 7);
        double f = Math.min((double) PANEL / img.getWidth(), (double) PANEL / img.getHeight());
        int w = (int) Math.round(img.getWidth() * f), h = (int) Math.round(img.getHeight() * f);
        g.drawImage(img, x, y + TITLE, w, h, null);
        g.setColor(Color.GRAY);
        g.drawRect(x, y + TITLE, w - 1, h - 1);
        if (caption != null) {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            String[] lines = caption.split("\n");
            for (int i = 0; i < lines.length; i++) g.drawString(fit(g, lines[i], PANEL), x, y + TITLE + h + 15 + 15 * i);
        }
    }

    private static int maxLabel(int[] labels) {
        int m = 0;
        for (int v : labels) m = Math.max(m, v);
        return m;
    }

    /** {@code s}, shortened with an ellipsis to fit {@code width} pixels. */
    private static String fit(Graphics2D g, String s, int width) {
        FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(s) <= width) return s;
        String t = s;
        while (t.length() > 1 && fm.stringWidth(t + "…") > width) t = t.substring(0, t.length() - 1);
        return t + "…";
    }

    /** The image min–max scaled to [0, 1] for display. */
    private static float[] normalised(Sample s) {
        int n = s.h() * s.w();
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            lo = Math.min(lo, s.image()[i]);
            hi = Math.max(hi, s.image()[i]);
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = hi > lo ? (s.image()[i] - lo) / (hi - lo) : 0;
        return out;
    }

    /** Gray image, classes ≥ 1 blended in their colour, and (with {@code truth}) pixels that differ from it in magenta. */
    private static BufferedImage overlay(Sample s, float[] gray, int[] labels, int[] truth) {
        BufferedImage im = new BufferedImage(s.w(), s.h(), BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < gray.length; i++) {
            int v = Math.round(gray[i] * 255);
            int r = v, gr = v, b = v;
            if (truth != null && labels[i] != truth[i]) {
                r = MISCLASSIFIED.getRed();
                gr = MISCLASSIFIED.getGreen();
                b = MISCLASSIFIED.getBlue();
            } else if (labels != null && labels[i] > 0) {
                Color c = CLASSES[1 + (labels[i] - 1) % (CLASSES.length - 1)];
                r = (int) (0.55 * v + 0.45 * c.getRed());
                gr = (int) (0.55 * v + 0.45 * c.getGreen());
                b = (int) (0.55 * v + 0.45 * c.getBlue());
            }
            im.setRGB(i % s.w(), i / s.w(), (r << 16) | (gr << 8) | b);
        }
        return im;
    }

    private static BufferedImage heat(Sample s, double[] g, double lo, double hi) {
        BufferedImage im = new BufferedImage(s.w(), s.h(), BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < s.h() * s.w(); i++) im.setRGB(i % s.w(), i / s.w(), colour(position(g[i], lo, hi)));
        return im;
    }

    /** Where {@code v} sits on the log scale [lo, hi], in [0, 1] (0 for values at or below lo, and for zero). */
    static double position(double v, double lo, double hi) {
        if (!(v > lo) || !(hi > lo)) return Double.isNaN(lo) || v < hi ? 0 : 1;
        return Math.min(1, Math.log(v / lo) / Math.log(hi / lo));
    }

    /** Inferno at t in [0, 1], linearly interpolated between its anchors. */
    static int colour(double t) {
        double x = Math.max(0, Math.min(1, t)) * (INFERNO.length - 1);
        int k = Math.min((int) x, INFERNO.length - 2);
        double f = x - k;
        int a = INFERNO[k], b = INFERNO[k + 1];
        int r = (int) Math.round(((a >> 16) & 255) * (1 - f) + ((b >> 16) & 255) * f);
        int gr = (int) Math.round(((a >> 8) & 255) * (1 - f) + ((b >> 8) & 255) * f);
        int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
        return (r << 16) | (gr << 8) | bl;
    }

    /** A vertical bar from lo (bottom) to hi (top) with a label at every decade. */
    private static void colourBar(Graphics2D g, int x, int y, double lo, double hi) {
        int h = PANEL, w = 18;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString("|∂L/∂z_true|", x - 4, y - 8);
        for (int k = 0; k < h; k++) {
            g.setColor(new Color(colour(1 - (double) k / (h - 1))));
            g.drawLine(x, y + k, x + w, y + k);
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(x, y, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        if (Double.isNaN(hi) || !(hi > lo)) {
            g.drawString("no gradient", x + w + 4, y + h / 2);
            return;
        }
        // A label at every decade; on a scale of under three decades also at 2 and 5 times each.
        double[] steps = Math.log10(hi / lo) < 3 ? new double[] {1, 2, 5} : new double[] {1};
        for (int e = (int) Math.floor(Math.log10(lo)); e <= Math.floor(Math.log10(hi)); e++) {
            for (double m : steps) {
                double v = m * Math.pow(10, e);
                if (v < lo || v > hi) continue;
                int ty = y + (int) Math.round((1 - position(v, lo, hi)) * (h - 1));
                g.drawLine(x + w, ty, x + w + 4, ty);
                g.drawString((m == 1 ? "" : (int) m + "·") + "1e" + e, x + w + 7, ty + 4);
            }
        }
        g.drawString(String.format(Locale.ROOT, "max %.1e", hi), x - 4, y + h + 16);
        g.drawString(String.format(Locale.ROOT, "≤ %.1e", lo), x - 4, y + h + 30);
    }
}
