package org.segrad.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segrad.data.LabelRemap;
import org.segrad.io.Nifti;
import org.segrad.io.NiftiVolume;
import org.segrad.losses.metrics.ClassCounts;
import org.segrad.losses.metrics.SurfaceDistance;

/**
 * Per-volume metrics of a 2-D model on NIfTI image/label pairs, as nnU-Net and MONAI users read them: each volume is
 * predicted whole ({@link VolumePredictor}) and compared with its label volume in 3-D: per class Dice and IoU from the
 * voxel counts of that volume, HD95 and mean surface distance ({@link SurfaceDistance}) with the header's voxel
 * spacing, in millimetres ({@code distance_unit} "mm"; "pixels", i.e. voxels, when the header has no usable pixdim).
 * Summaries average over volumes, skipping NaN (class absent from prediction and label) and, for distances, +∞
 * (class in only one of them: counted apart).
 */
public final class VolumeEvaluation {
    private VolumeEvaluation() {
    }

    /**
     * Evaluates every pair ({@code {image, label}}).
     *
     * @throws IOException if a file cannot be read, dims differ, or a label has no class below {@code classes}
     */
    public static Map<String, Object> report(Inference inference, List<Path[]> pairs, int axis, LabelRemap remap,
                                             int classes) throws IOException {
        List<Map<String, Object>> volumes = new ArrayList<>();
        List<double[]> dice = new ArrayList<>(), iou = new ArrayList<>(), hd = new ArrayList<>(), msd = new ArrayList<>();
        String unit = "mm";
        int[] infinite = new int[classes];
        for (Path[] pair : pairs) {
            NiftiVolume image = Nifti.read(pair[0]), label = Nifti.read(pair[1]);
            if (!image.sameDims(label)) {
                throw new IOException("label volume " + pair[1] + " is " + label.nx() + "x" + label.ny() + "x" + label.nz()
                        + " but its image " + pair[0] + " is " + image.nx() + "x" + image.ny() + "x" + image.nz());
            }
            int[] target = classIds(label, remap, classes);
            VolumePredictor.Result r = VolumePredictor.predict(inference, image, axis);
            float[] lf = r.labels().data();
            int[] pred = new int[lf.length];
            for (int i = 0; i < pred.length; i++) pred[i] = (int) lf[i];
            double[] spacing = image.geometry().voxelSizesMm();
            if (spacing == null) {
                unit = "pixels";
                spacing = new double[] {1, 1, 1};
            }
            ClassCounts c = ClassCounts.of(pred, target, classes);
            double[] h = new double[classes], m = new double[classes];
            for (int cls = 0; cls < classes; cls++) {
                SurfaceDistance.Distances d = SurfaceDistance.of(pred, target, image.nx(), image.ny(), image.nz(), spacing, cls);
                h[cls] = d.hd95();
                m[cls] = d.msd();
                if (Double.isInfinite(d.hd95())) infinite[cls]++;
            }
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("image", pair[0].toString());
            v.put("label", pair[1].toString());
            v.put("dims", List.of(image.nx(), image.ny(), image.nz()));
            v.put("spacing", spacing);
            v.put("dice", c.dice());
            v.put("iou", c.iou());
            v.put("hd95", h);
            v.put("msd", m);
            volumes.add(v);
            dice.add(c.dice());
            iou.add(c.iou());
            hd.add(h);
            msd.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("volumes", pairs.size());
        out.put("distance_unit", unit);
        out.put("mean_dice", finiteMean(dice, classes));
        out.put("mean_iou", finiteMean(iou, classes));
        out.put("mean_hd95", finiteMean(hd, classes));
        out.put("mean_msd", finiteMean(msd, classes));
        out.put("volumes_with_a_missed_or_spurious_class", Arrays.stream(infinite).boxed().toList());
        out.put("per_volume", volumes);
        return out;
    }

    private static int[] classIds(NiftiVolume label, LabelRemap remap, int classes) throws IOException {
        int[] out = new int[label.data().length];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = remap.apply(label.data()[i]);
            } catch (IllegalArgumentException e) {
                throw new IOException("label volume " + label.name() + ": " + e.getMessage(), e);
            }
            if (out[i] < 0 || out[i] >= classes) {
                throw new IOException("label volume " + label.name() + " has class " + out[i] + " at voxel " + i
                        + " but the model has " + classes + " classes (see --label-map)");
            }
        }
        return out;
    }

    /** Per class, the mean over volumes of the finite values (NaN when there is none). */
    private static double[] finiteMean(List<double[]> rows, int classes) {
        double[] out = new double[classes];
        for (int cls = 0; cls < classes; cls++) {
            double sum = 0;
            int n = 0;
            for (double[] r : rows) {
                if (Double.isFinite(r[cls])) {
                    sum += r[cls];
                    n++;
                }
            }
            out[cls] = n == 0 ? Double.NaN : sum / n;
        }
        return out;
    }
}
