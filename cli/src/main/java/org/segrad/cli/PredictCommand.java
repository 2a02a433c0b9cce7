package org.segrad.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.segrad.nn.UNet;
import org.segrad.data.ImageFiles;
import org.segrad.data.Sample;
import org.segrad.data.VolumePairs;
import org.segrad.train.Inference;
import org.segrad.train.Segmenter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code segrad predict}: mask PNG (class ids, or 0/255 for two classes) and an overlay PNG for each image, under
 * {@code --out} at the image's path relative to the inputs' common folder (see {@link PredictTargets}); inputs and
 * the checkpoint are checked before anything is created.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predict masks for PNG/TIFF images (a file or a folder); writes NAME_mask.png and NAME_overlay.png.",
                "NIfTI volumes (.nii, .nii.gz) are segmented slice by slice along --axis; writes NAME_labels.nii.gz "
                        + "(and NAME_probabilities.nii.gz with --probabilities) with the input's geometry."})
final class PredictCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE.safetensors", description = "Trained weights.")
    Path checkpoint;

    @Option(names = "--classes", description = "Classes the checkpoint was trained with (default: ${DEFAULT-VALUE}).")
    int classes = 2;

    @Option(names = "--out", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs/predict");

    @Option(names = "--rgb-to-gray", description = "Convert RGB images to gray instead of rejecting them.")
    boolean rgbToGray;

    @Mixin
    TileOptions tiles = new TileOptions();

    @Option(names = "--axis", description = "Slicing axis of NIfTI volumes, 0..2, as in training (default: ${DEFAULT-VALUE}).")
    int axis = 2;

    @Option(names = "--probabilities", description = "For volumes, also write per-class float32 probability maps (one 4-D file, dim[4] = classes).")
    boolean probabilities;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files or folders.")
    List<Path> inputs;

    @Override
    public Integer call() throws Exception {
        if (classes < 2) throw new IllegalArgumentException("--classes must be >= 2, got " + classes);
        model.applyThreads();
        UNet net = new UNet(1, classes, model.base, model.depth, 0);
        net.load(checkpoint);
        if (axis < 0 || axis > 2) throw new IllegalArgumentException("--axis must be 0, 1 or 2, got " + axis);
        Inference inference = tiles.inference(net);
        Segmenter seg = new Segmenter(inference);
        if (Files.exists(out) && !Files.isDirectory(out)) throw new IllegalArgumentException("--out " + out + " is a file; expected a folder");
        List<PredictTargets.Target> targets = PredictTargets.list(inputs, out, p -> PredictTargets.isImage(p) || VolumePairs.isNifti(p));
        int n = 0, volumes = 0;
        for (PredictTargets.Target t : targets) {
            if (VolumePairs.isNifti(t.source())) {
                Files.createDirectories(t.outputStem().toAbsolutePath().getParent());
                VolumeOutputs.predict(inference, t.source(), axis, probabilities, t.outputStem());
                volumes++;
                continue;
            }
            Sample s = ImageFiles.readImage(t.source(), rgbToGray);
            if (s.channels() != 1) {
                throw new IllegalArgumentException(t.source() + " has " + s.channels() + " channels; the model takes 1 (use --rgb-to-gray)");
            }
            int[] mask = seg.predict(s);
            Files.createDirectories(t.outputStem().toAbsolutePath().getParent());
            ImageFiles.writeMask(Path.of(t.outputStem() + "_mask.png"), mask, s.h(), s.w(), classes);
            ImageFiles.writeOverlay(Path.of(t.outputStem() + "_overlay.png"), s.image(), mask, s.h(), s.w(), 0.45f);
            n++;
        }
        if (volumes > 0) System.out.println("segrad predict: wrote label volumes" + (probabilities ? " and probability maps" : "")
                + " of " + volumes + " volumes to " + out);
        if (n > 0 || volumes == 0) System.out.println("segrad predict: wrote masks and overlays of " + n + " images to " + out);
        return 0;
    }
}
