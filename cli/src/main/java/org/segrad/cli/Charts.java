package org.segrad.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.segrad.train.EpochRecord;

/** Training curves as PNG (XChart), written atomically. */
public final class Charts {
    private Charts() {}

    /** Mean training loss and validation mIoU per epoch, one PNG each. */
    public static void curves(Path lossPng, Path miouPng, List<EpochRecord> history) throws IOException {
        List<Double> epochs = new ArrayList<>(), loss = new ArrayList<>(), miou = new ArrayList<>();
        for (EpochRecord r : history) {
            epochs.add((double) r.epoch());
            loss.add(r.trainLoss());
            miou.add(Double.isNaN(r.valMiou()) ? 0.0 : r.valMiou());
        }
        if (epochs.isEmpty()) return;
        XYChart l = new XYChartBuilder().width(700).height(420).title("Training loss").xAxisTitle("epoch").yAxisTitle("loss").build();
        l.addSeries("train loss", epochs, loss);
        OutputFiles.writePng(l, lossPng);
        XYChart m = new XYChartBuilder().width(700).height(420).title("Validation mIoU").xAxisTitle("epoch").yAxisTitle("mIoU").build();
        m.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        m.addSeries("val mIoU", epochs, miou);
        OutputFiles.writePng(m, miouPng);
    }

}
