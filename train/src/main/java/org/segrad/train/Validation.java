package org.segrad.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segrad.losses.metrics.ClassCounts;
import org.segrad.losses.metrics.Hausdorff;
import org.segrad.data.Dataset;
import org.segrad.data.Sample;

/**
 * Dataset-level segmentation metrics of predicted masks: IoU and Dice per class from pixel counts summed over the
 * whole dataset (a class absent from every target and prediction is NaN and skipped by the means, as nanmean),
 * mIoU over all classes, and HD95 per class averaged over the images where it is finite.
 */
public final class Validation {
    private Validation() {}

    /** mIoU of the predictions against the dataset's masks. */
    public static double meanIou(List<int[]> preds, Dataset ds) {
        return counts(preds, ds).meanIou();
    }

    /** IoU, Dice, HD95 per class and their means, as an ordered map for JSON. */
    public static Map<String, Object> report(List<int[]> preds, Dataset ds) {
        ClassCounts c = counts(preds, ds);
        int k = ds.classes();
        double[] hdSum = new double[k];
        int[] hdFinite = new int[k], hdInfinite = new int[k];
        for (int i = 0; i < ds.size(); i++) {
            Sample s = ds.get(i);
            for (int cls = 0; cls < k; cls++) {
                double d = Hausdorff.hd95(preds.get(i), s.mask(), s.h(), s.w(), cls);
                if (Double.isInfinite(d)) hdInfinite[cls]++;
                else if (!Double.isNaN(d)) {
                    hdSum[cls] += d;
                    hdFinite[cls]++;
                }
            }
        }
        double[] hd = new double[k];
        for (int cls = 0; cls < k; cls++) hd[cls] = hdFinite[cls] == 0 ? Double.NaN : hdSum[cls] / hdFinite[cls];
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", ds.size());
        m.put("miou", c.meanIou());
        m.put("mean_dice", c.meanDice());
        m.put("iou", c.iou());
        m.put("dice", c.dice());
        m.put("hd95", hd);
        m.put("mean_hd95", ClassCounts.nanMean(hd));
        m.put("hd95_images_with_a_missed_or_spurious_class", java.util.Arrays.stream(hdInfinite).boxed().toList());
        return m;
    }

    static ClassCounts counts(List<int[]> preds, Dataset ds) {
        if (preds.size() != ds.size()) {
            throw new IllegalArgumentException(preds.size() + " predictions for a dataset of " + ds.size() + " images");
        }
        ClassCounts total = null;
        for (int i = 0; i < ds.size(); i++) {
            Sample s = ds.get(i);
            if (!s.hasMask()) throw new IllegalArgumentException("image " + s.name() + " has no mask to evaluate against");
            ClassCounts c = ClassCounts.of(preds.get(i), s.mask(), ds.classes());
            total = total == null ? c : total.plus(c);
        }
        return total == null ? ClassCounts.of(new int[0], new int[0], ds.classes()) : total;
    }
}
