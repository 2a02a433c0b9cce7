package org.segrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.train.EpochRecord;
import org.segrad.train.TrainCheckpoint;

/** What a run's records hold: val loss, lr and the best epoch per row, charts scaled to the data, readable panels. */
class RunRecordsTest {
    @TempDir
    Path dir;

    private static final List<EpochRecord> HISTORY = List.of(new EpochRecord(1, 4, 0.9, 0.95, 0.61, 1e-3, 1.5),
            new EpochRecord(2, 8, 0.7, 0.80, 0.66, 5e-4, 1.4), new EpochRecord(3, 12, 0.6, 0.82, 0.64, 1e-4, 1.6));

    @Test
    void metricsHaveValLossLrAndTheBestEpochAndTheStatus() throws IOException {
        RunRecords r = new RunRecords(dir, Map.of("seed", 7));
        r.epoch(new TrainCheckpoint.Progress(3, 0, 12, 0.66, 2, HISTORY));
        List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals("epoch,steps,train_loss,val_loss,val_miou,lr,seconds", csv.get(0));
        assertEquals("2,8,0.700000,0.800000,0.660000,0.000500000,1.40", csv.get(2));
        String json = Files.readString(dir.resolve("metrics.json"));
        assertTrue(json.contains("\"status\": \"running\"") && json.contains("\"best_epoch\": 2"), json);
        assertTrue(json.contains("\"val_loss\": 0.8,") && json.contains("\"best\": true"), json);
        for (String png : new String[] {"loss.png", "miou.png", "lr.png"}) assertTrue(Files.size(dir.resolve(png)) > 1000, png);
        String config = Files.readString(dir.resolve("config.json"));
        for (String key : new String[] {"\"seed\": 7", "\"segrad_version\": \"0.", "\"git_commit\"", "\"jdk\"", "\"threads\"", "\"simd\""}) {
            assertTrue(config.contains(key), key + " in " + config);
        }
        r.finish(HISTORY, 12, 0.66, 2, "completed 3 epochs", null, 4.5);
        assertTrue(Files.readString(dir.resolve("metrics.json")).contains("\"status\": \"finished\""));
    }

    @Test
    void theMiouAxisFollowsTheDataNotZeroToOne() {
        assertArrayEquals(new double[] {0.6, 0.67}, Charts.range(HISTORY), 1e-12);
        assertArrayEquals(new double[] {0.0, 1.0}, Charts.padded(0.001, 0.999), 1e-12, "clipped to [0, 1]");
        double[] flat = Charts.padded(0.5, 0.5);
        assertTrue(flat[0] < 0.5 && flat[1] > 0.5, "a flat curve still gets an axis");
    }

    @Test
    void withoutValidationNoMiouChartIsWritten() throws IOException {
        List<EpochRecord> noVal = List.of(new EpochRecord(1, 4, 0.9, Double.NaN, Double.NaN, 1e-3, 1));
        Charts.curves(dir.resolve("loss.png"), dir.resolve("miou.png"), dir.resolve("lr.png"), noVal, 1);
        assertTrue(Files.exists(dir.resolve("loss.png")));
        assertFalse(Files.exists(dir.resolve("miou.png")), "no chart of zeros standing in for a missing validation set");
    }

    @Test
    void panelsShowImageTruthPredictionAndErrorsWithALegend() throws IOException {
        int h = 8, w = 8;
        float[] gray = new float[h * w];
        int[] truth = new int[h * w], pred = new int[h * w];
        gray[63] = 1f; // min–max scaling: the other pixels are black
        truth[9] = 1;
        pred[9] = 1;
        pred[10] = 2; // wrong
        Path png = dir.resolve("p.png");
        PredictionPanels.write(png, "cells-0001", gray, truth, pred, h, w, 3);
        BufferedImage img = ImageIO.read(png.toFile());
        int scale = 256 / 8, pad = 8, top = 22 + pad;
        assertEquals(4 * 256 + 5 * pad, img.getWidth(), "four panels of 256 pixels");
        int errX0 = pad + 3 * (256 + pad);
        assertEquals(0xFF0000, img.getRGB(errX0 + 2 * scale + 1, top + scale + 1) & 0xFFFFFF, "the wrong pixel is red");
        assertEquals(0x000000, img.getRGB(errX0 + scale + 1, top + scale + 1) & 0xFFFFFF, "a right pixel is dimmed gray");
        int predX0 = pad + 2 * (256 + pad);
        assertEquals(overBlack(PredictionPanels.colour(2)), img.getRGB(predX0 + 2 * scale + 1, top + scale + 1) & 0xFFFFFF,
                "class 2 in its colour, 55% over a black pixel");
        assertTrue(img.getHeight() > top + 256 + 20, "room for the legend");
    }

    /** The 55% blend of a colour over a black pixel. */
    private static int overBlack(int c) {
        return Math.round(0.55f * (c >> 16 & 0xFF)) << 16 | Math.round(0.55f * (c >> 8 & 0xFF)) << 8 | Math.round(0.55f * (c & 0xFF));
    }
}
