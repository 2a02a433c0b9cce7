package org.segrad.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.segrad.nn.UNet;
import org.segrad.data.FolderDataset;
import org.segrad.data.ImageFiles;
import org.segrad.data.Normalization;
import org.segrad.data.Sample;
import org.segrad.data.VolumePairs;
import org.segrad.train.Inference;
import org.segrad.train.ModelCard;
import org.segrad.train.Segmenter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code segrad predict}: mask PNG (class ids, or 0/255 for two classes) and an overlay PNG for each image, under
 * {@code --out} at the image's path relative to the inputs' common folder (see {@link PredictTargets}); inputs and
 * the checkpoint are checked before anything is created. A model file with a {@link ModelCard} says its
 * architecture, input channels and normalisation: no flag needs retyping; a file without one (e.g. from PyTorch)
 * takes {@code --classes/--base/--depth/--normalize} (default 2 classes, unet-small, none). A model trained on
 * per-channel files reads {@code NAME_0000, NAME_0001 …} as the channels of one image NAME.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predict masks for PNG/TIFF images (a file or a folder); writes NAME_mask.png and NAME_overlay.png.",
                "NIfTI volumes (.nii, .nii.gz) are segmented slice by slice along --axis; writes NAME_labels.nii.gz "
                        + "(and NAME_probabilities.nii.gz with --probabilities) with the input's geometry."})
final class PredictCommand implements Callable<Integer> {
    private static final Pattern CHANNEL_FILE = Pattern.compile("(.+)_(\\d{4})");

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE.safetensors", description = "Trained weights.")
    Path checkpoint;

    @Option(names = "--classes", description = "Classes of a model file without segrad metadata (default: 2; else the file's).")
    Integer classes;

    @Option(names = "--normalize", paramLabel = "MODE", description = "Normalisation of a model file without segrad metadata (default: none; else the file's).")
    String normalize;

    @Option(names = "--out", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs/predict");

    @Option(names = "--rgb-to-gray", description = "Convert colour images to gray instead of reading them as 3 channels.")
    boolean rgbToGray;

    @Mixin
    TileOptions tiles = new TileOptions();

    @Option(names = "--axis", description = "Slicing axis of NIfTI volumes, 0..2 (default: 2, or the model file's).")
    Integer axis;

    @Option(names = "--probabilities", description = "For volumes, also write per-class float32 probability maps (one 4-D file, dim[4] = classes).")
    boolean probabilities;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files or folders.")
    List<Path> inputs;

    @Override
    public Integer call() throws Exception {
        model.applyThreads();
        ModelCard card = ModelOptions.card("--checkpoint", checkpoint).orElse(null);
        int k = DataOptions.agree("--classes", classes, card == null ? null : card.architecture().classes(), 2);
        if (k < 2 || k > 256) throw new IllegalArgumentException("--classes must be in 2..256, got " + k);
        Normalization norm = card != null ? card.normalization() : Normalization.parse(normalize == null ? "none" : normalize);
        if (card != null && normalize != null && !Normalization.parse(normalize).spec().equals(norm.spec())) {
            throw new IllegalArgumentException("--normalize " + normalize + " contradicts the model file, which was trained with " + norm.spec());
        }
        List<String> channels = card == null ? null : card.channels();
        UNet net = model.load(checkpoint, card, k, 1);
        net.to(device.resolve());
        int ax = DataOptions.agree("--axis", axis, card == null ? null : card.axis(), 2);
        if (ax < 0 || ax > 2) throw new IllegalArgumentException("--axis must be 0, 1 or 2, got " + ax);
        Inference inference = tiles.inference(net);
        boolean perChannelFiles = channels != null && channels.size() > 1 && channels.get(0).matches("\\d{4}");
        if (Files.exists(out) && !Files.isDirectory(out)) throw new IllegalArgumentException("--out " + out + " is a file; expected a folder");
        FolderDataset.Options o = FolderDataset.Options.defaults().withRgbToGray(rgbToGray).withRaw(norm.raw());
        // Read and check every image before anything is written.
        List<PredictTargets.Target> targets = PredictTargets.list(inputs, out, p -> PredictTargets.isImage(p) || VolumePairs.isNifti(p));
        List<PredictTargets.Target> volumeTargets = new ArrayList<>(), imageTargets = new ArrayList<>();
        for (PredictTargets.Target t : targets) (VolumePairs.isNifti(t.source()) ? volumeTargets : imageTargets).add(t);
        Map<Path, List<Path>> cases = cases(imageTargets, perChannelFiles);
        List<Sample> samples = new ArrayList<>();
        for (List<Path> files : cases.values()) {
            Sample s = FolderDataset.readChannels(files, o);
            if (s.channels() != net.inChannels()) {
                throw new IllegalArgumentException(files.get(0) + " has " + s.channels() + " channels but the model takes "
                        + net.inChannels() + (channels == null ? "" : " " + channels)
                        + (s.channels() == 3 && net.inChannels() == 1 ? " (use --rgb-to-gray)" : "")
                        + (perChannelFiles ? " (one file per channel: NAME_0000, NAME_0001, …)" : ""));
            }
            samples.add(s);
        }
        Segmenter seg = new Segmenter(inference);
        int n = 0;
        for (Map.Entry<Path, List<Path>> e : cases.entrySet()) {
            Sample s = samples.get(n++);
            int[] mask = seg.predict(norm.apply(s));
            // The overlay shows the image as stored (value ÷ its type's maximum), as an image viewer does.
            Sample shown = norm.raw() ? FolderDataset.readChannels(e.getValue(), o.withRaw(false)) : s;
            float[] gray = java.util.Arrays.copyOf(shown.image(), s.h() * s.w());
            Path stem = e.getKey();
            Files.createDirectories(stem.toAbsolutePath().getParent());
            ImageFiles.writeMask(Path.of(stem + "_mask.png"), mask, s.h(), s.w(), k);
            ImageFiles.writeOverlay(Path.of(stem + "_overlay.png"), gray, mask, s.h(), s.w(), 0.45f);
        }
        int volumes = 0;
        for (PredictTargets.Target t : volumeTargets) {
            Files.createDirectories(t.outputStem().toAbsolutePath().getParent());
            VolumeOutputs.predict(inference, t.source(), ax, norm, probabilities, t.outputStem());
            volumes++;
        }
        if (volumes > 0) System.out.println("segrad predict: wrote label volumes" + (probabilities ? " and probability maps" : "")
                + " of " + volumes + " volumes to " + out);
        if (n > 0 || volumes == 0) System.out.println("segrad predict: wrote masks and overlays of " + n + " images to " + out);
        return 0;
    }

    /**
     * Output stem → the files of one image: each target alone, or with {@code perChannelFiles} the
     * {@code NAME_0000, NAME_0001 …} targets of one folder grouped under the stem NAME (in suffix order).
     */
    private static Map<Path, List<Path>> cases(List<PredictTargets.Target> targets, boolean perChannelFiles) {
        Map<Path, List<Path>> out = new LinkedHashMap<>();
        for (PredictTargets.Target t : targets) {
            Path stem = t.outputStem();
            Matcher m = CHANNEL_FILE.matcher(stem.getFileName().toString());
            if (perChannelFiles && m.matches()) stem = stem.resolveSibling(m.group(1));
            out.computeIfAbsent(stem, x -> new ArrayList<>()).add(t.source());
        }
        for (List<Path> files : out.values()) files.sort(null);
        return out;
    }
}
