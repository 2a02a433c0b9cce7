package org.segrad.cli;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.segrad.autodiff.Tensor;
import org.segrad.losses.Losses;
import org.segrad.losses.SegLoss;
import org.segrad.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code segrad gradplot}: |∂L/∂z_true| of one pixel against its true-class probability p_true, for every loss, on a
 * controlled two-class batch of one row of pixels (half class 0, half class 1, each pixel's logits set so that
 * softmax gives exactly the wanted p_true). Left panel: the whole batch at p_true (batch-level confidence moves with
 * it, which is what CAML's α reads). Right panel: one probe pixel at p_true in a batch held at p_true = 0.9.
 */
@Command(name = "gradplot", mixinStandardHelpOptions = true,
        description = "PNG of |dL/dz_true| versus p_true for every loss on a controlled batch.")
final class GradplotCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "The PNG to write.")
    Path out;

    @Option(names = "--pixels", description = "Pixels in the batch (even, >= 2; default: ${DEFAULT-VALUE}).")
    int pixels = 64;

    @Option(names = "--points", description = "Values of p_true in (0, 1) (default: ${DEFAULT-VALUE}).")
    int points = 99;

    @Option(names = "--background", description = "p_true of the other pixels in the probe panel (default: ${DEFAULT-VALUE}).")
    double background = 0.9;

    @Option(names = {"--losses", "--loss"}, paramLabel = "A,B,…",
            description = "Loss names or expressions to plot, split at the commas outside parentheses (default: every named loss and CAML's variants).")
    String lossList;

    /** The curves: a label and the loss. */
    static Map<String, SegLoss> curves() {
        Map<String, SegLoss> m = new LinkedHashMap<>();
        for (String name : Losses.names()) {
            if (name.equals("tversky")) {
                // At its defaults (α = β = 0.5) Tversky is Dice, and the two curves would coincide.
                m.put("tversky a=.3 b=.7", Losses.create(name, Map.of("alpha", "0.3", "beta", "0.7")));
            } else {
                m.put(name, Losses.create(name, Map.of()));
            }
        }
        m.put("caml pixel", Losses.create("caml", Map.of("granularity", "pixel")));
        m.put("caml detach=false", Losses.create("caml", Map.of("detach", "false")));
        return m;
    }

    private static Map<String, SegLoss> listed(List<String> items) {
        Map<String, SegLoss> m = new LinkedHashMap<>();
        for (String item : items) m.put(item, Losses.create(item, Map.of()));
        return m;
    }

    @Override
    public Integer call() throws IOException {
        System.setProperty("java.awt.headless", "true"); // no display needed (before AWT starts)
        if (pixels < 2 || pixels % 2 != 0) throw new IllegalArgumentException("--pixels must be even and >= 2, got " + pixels);
        if (points < 2) throw new IllegalArgumentException("--points must be >= 2, got " + points);
        if (!(background > 0 && background < 1)) throw new IllegalArgumentException("--background must be in (0, 1), got " + background);
        if (!out.getFileName().toString().endsWith(".png")) throw new IllegalArgumentException("--out must name a .png file, got " + out);
        double[] ps = new double[points];
        for (int k = 0; k < points; k++) ps[k] = (k + 1.0) / (points + 1);
        Map<String, SegLoss> curves = lossList == null ? curves() : listed(LossArgs.parseList("--losses", lossList, Map.of()));
        XYChart whole = chart("whole batch at p_true (batch confidence = p_true)");
        XYChart probe = chart(String.format(Locale.ROOT, "one pixel at p_true, the rest at %.2f", background));
        double[] probes = {0.01, 0.05, 0.5, 0.95, 0.99};
        StringBuilder wholeTable = new StringBuilder(), probeTable = new StringBuilder();
        int series = 0;
        for (Map.Entry<String, SegLoss> e : curves.entrySet()) {
            double[] a = new double[points], b = new double[points];
            for (int k = 0; k < points; k++) {
                a[k] = trueLogitGradient(e.getValue(), ps[k], ps[k]);
                b[k] = trueLogitGradient(e.getValue(), ps[k], background);
            }
            add(whole, e.getKey(), ps, a, series);
            add(probe, e.getKey(), ps, b, series);
            series++;
            wholeTable.append(String.format(Locale.ROOT, "%-20s", e.getKey()));
            probeTable.append(String.format(Locale.ROOT, "%-20s", e.getKey()));
            for (double p : probes) {
                wholeTable.append(String.format(Locale.ROOT, " %11.3e", trueLogitGradient(e.getValue(), p, p)));
                probeTable.append(String.format(Locale.ROOT, " %11.3e", trueLogitGradient(e.getValue(), p, background)));
            }
            wholeTable.append('\n');
            probeTable.append('\n');
        }
        String head = String.format(Locale.ROOT, "%-20s %11s %11s %11s %11s %11s%n", "|dL/dz_true|", "p=0.01", "p=0.05", "p=0.50", "p=0.95", "p=0.99");
        System.out.print("whole batch at p_true\n" + head + wholeTable);
        System.out.printf(Locale.ROOT, "one pixel at p_true, the other %d at %.2f%n%s%s", pixels - 1, background, head, probeTable);
        save(List.of(whole, probe));
        System.out.println("wrote " + out);
        return 0;
    }

    /**
     * |∂L/∂z_true| of the last pixel (class 1) in a batch [1, 2, 1, pixels] whose first half is class 0 and second
     * half class 1; the last pixel has true-class probability {@code p}, all others {@code rest}.
     */
    double trueLogitGradient(SegLoss loss, double p, double rest) {
        double[] z = new double[2 * pixels];
        double[] y = new double[pixels];
        for (int s = 0; s < pixels; s++) {
            int t = s < pixels / 2 ? 0 : 1;
            y[s] = t;
            double margin = Math.log((s == pixels - 1 ? p : rest) / (1 - (s == pixels - 1 ? p : rest)));
            z[t * pixels + s] = margin / 2;
            z[(1 - t) * pixels + s] = -margin / 2;
        }
        Tensor g = loss.analyticGradient(Tensor.fromArray(z, 1, 2, 1, pixels), Tensor.fromArray(y, 1, 1, pixels));
        return Math.abs(g.get(pixels + pixels - 1));
    }

    private static XYChart chart(String title) {
        XYChart c = new XYChartBuilder().width(760).height(560).title(title).xAxisTitle("p_true").yAxisTitle("|dL/dz_true|").build();
        c.getStyler().setYAxisLogarithmic(true).setXAxisMin(0.0).setXAxisMax(1.0).setLegendPosition(
                org.knowm.xchart.style.Styler.LegendPosition.InsideSW).setMarkerSize(0);
        return c;
    }

    private static final java.awt.Color[] COLORS = {
        new java.awt.Color(0x1f77b4), new java.awt.Color(0xff7f0e), new java.awt.Color(0x2ca02c), new java.awt.Color(0xd62728),
        new java.awt.Color(0x9467bd), new java.awt.Color(0x8c564b), new java.awt.Color(0xe377c2), new java.awt.Color(0x17becf),
        new java.awt.Color(0x7f7f7f)};

    private static void add(XYChart c, String name, double[] x, double[] y, int index) {
        List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int k = 0; k < x.length; k++) {
            if (y[k] > 0 && Double.isFinite(y[k])) { // a log axis cannot show 0
                xs.add(x[k]);
                ys.add(y[k]);
            }
        }
        if (xs.isEmpty()) return;
        org.knowm.xchart.XYSeries s = c.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(COLORS[index % COLORS.length]);
        s.setLineWidth(2.2f);
        if (name.startsWith("caml ")) s.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
    }

    /** Both panels side by side, written atomically (nothing half-written on failure). */
    private void save(List<XYChart> charts) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new IllegalArgumentException("--out " + out + ": the folder does not exist");
        List<BufferedImage> images = new ArrayList<>();
        int width = 0, height = 0;
        for (XYChart c : charts) {
            BufferedImage im = BitmapEncoder.getBufferedImage(c);
            images.add(im);
            width += im.getWidth();
            height = Math.max(height, im.getHeight());
        }
        BufferedImage all = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        int x = 0;
        for (BufferedImage im : images) {
            g.drawImage(im, x, 0, null);
            x += im.getWidth();
        }
        g.dispose();
        AtomicFiles.write(out, os -> {
            if (!ImageIO.write(all, "png", os)) throw new IOException("no PNG writer in this JDK");
        });
    }
}
