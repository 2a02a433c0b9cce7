package org.segrad.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.segrad.train.EpochRecord;

/**
 * Training curves as PNG (XChart), written atomically: {@code loss.png} (training and validation loss),
 * {@code miou.png} (validation mIoU, its axis scaled to the data, a marker at the best epoch) and {@code lr.png}
 * (learning rate per epoch).
 */
public final class Charts {
    private Charts() {}

    /** Mean training loss and validation mIoU per epoch, one PNG each (no best-epoch marker). */
    public static void curves(Path lossPng, Path miouPng, List<EpochRecord> history) throws IOException {
        curves(lossPng, miouPng, null, history, -1);
    }

    /**
     * The curves of {@code history}; {@code bestEpoch} (1-based, ≤ 0 for none) gets a marker on the mIoU curve;
     * {@code lrPng} may be null. Without a validation set (mIoU NaN throughout) no mIoU chart is written.
     */
    public static void curves(Path lossPng, Path miouPng, Path lrPng, List<EpochRecord> history, int bestEpoch) throws IOException {
        if (history.isEmpty()) return;
        int epochs = history.get(history.size() - 1).epoch();
        XYChart l = chart("Loss per epoch", "loss", epochs);
        series(l, "train loss", history, EpochRecord::trainLoss);
        series(l, "val loss (eval mode)", history, EpochRecord::valLoss);
        l.getStyler().setYAxisDecimalPattern("0.0###");
        OutputFiles.writePng(l, lossPng);
        if (series(null, null, history, EpochRecord::valMiou) > 0) {
            XYChart m = chart("Validation mIoU", "mIoU", epochs);
            series(m, "val mIoU", history, EpochRecord::valMiou);
            for (EpochRecord r : history) {
                if (r.epoch() == bestEpoch && !Double.isNaN(r.valMiou())) {
                    XYSeries best = m.addSeries(String.format(java.util.Locale.ROOT, "best: epoch %d, %.4f", r.epoch(), r.valMiou()),
                            new double[] {r.epoch()}, new double[] {r.valMiou()});
                    best.setMarker(SeriesMarkers.DIAMOND);
                    best.setMarkerColor(java.awt.Color.RED);
                    best.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.NONE);
                }
            }
            double[] range = range(history);
            m.getStyler().setYAxisMin(range[0]).setYAxisMax(range[1]).setYAxisDecimalPattern("0.00#");
            OutputFiles.writePng(m, miouPng);
        }
        if (lrPng != null) {
            XYChart r = chart("Learning rate", "lr", epochs);
            series(r, "lr", history, EpochRecord::lr);
            r.getStyler().setYAxisDecimalPattern("0.0##E0");
            OutputFiles.writePng(r, lrPng);
        }
    }

    /** The mIoU axis: the data's range padded by 10% of it (at least 0.01), clipped to [0, 1]. */
    static double[] range(List<EpochRecord> history) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (EpochRecord r : history) {
            if (!Double.isNaN(r.valMiou())) {
                lo = Math.min(lo, r.valMiou());
                hi = Math.max(hi, r.valMiou());
            }
        }
        return padded(lo, hi);
    }

    /** [lo, hi] widened by 10% of its span (at least 0.01 each side), rounded out to 0.01 and clipped to [0, 1]. */
    public static double[] padded(double lo, double hi) {
        double pad = Math.max(0.01, 0.1 * (hi - lo));
        return new double[] {Math.max(0, Math.floor((lo - pad) * 100) / 100), Math.min(1, Math.ceil((hi + pad) * 100) / 100)};
    }

    private static XYChart chart(String title, String y, int epochs) {
        XYChart c = new XYChartBuilder().width(700).height(420).title(title).xAxisTitle("epoch").yAxisTitle(y).build();
        // An explicit 0..epochs range makes XChart space the epoch ticks by their labels' width (left to itself it put
        // a tick at every integer epoch, whose labels ran together from ~25 epochs on).
        c.getStyler().setXAxisMin(0.0).setXAxisMax((double) Math.max(epochs, 1)).setXAxisDecimalPattern("0");
        return c;
    }

    /** Adds the finite values of {@code f} as a series (when {@code chart} is not null); returns how many there are. */
    private static int series(XYChart chart, String name, List<EpochRecord> history, ToDoubleFunction<EpochRecord> f) {
        List<Double> x = new ArrayList<>(), y = new ArrayList<>();
        for (EpochRecord r : history) {
            double v = f.applyAsDouble(r);
            if (Double.isFinite(v)) {
                x.add((double) r.epoch());
                y.add(v);
            }
        }
        if (chart != null && !x.isEmpty()) chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
        return x.size();
    }
}
