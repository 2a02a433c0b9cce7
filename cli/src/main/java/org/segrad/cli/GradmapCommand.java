package org.segrad.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.segrad.autodiff.Autograd;
import org.segrad.autodiff.Tensor;
import org.segrad.data.Dataset;
import org.segrad.data.Geometry;
import org.segrad.data.ImageFiles;
import org.segrad.data.Sample;
import org.segrad.losses.GradMaps;
import org.segrad.losses.LossOptions;
import org.segrad.losses.SegLoss;
import org.segrad.losses.metrics.Predictions;
import org.segrad.nn.UNet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.segrad.data.FolderDataset;
import org.segrad.data.Normalization;

/**
 * {@code segrad gradmap}: where each loss puts its gradient on one real image. Predicts the image with a trained
 * U-Net, then for every loss computes g_i = |∂L/∂z_{i,t_i}| on that prediction's logits ({@link GradMaps}, analytic
 * path, float64) and writes one PNG (image, truth, prediction, one heat map per loss on a shared log colour scale with
 * a colour bar), and prints per loss the share of the gradient mass Σ g_i on misclassified, boundary and
 * confident-correct pixels (p_t ≥ {@value GradMaps#CONFIDENT}), beside the share of pixels of each kind.
 */
@Command(name = "gradmap", mixinStandardHelpOptions = true, sortOptions = false,
        description = "PNG of per-pixel |dL/dz_true| of several losses on one image, and the shares of gradient mass on "
                + "misclassified, boundary and confident-correct pixels.")
final class GradmapCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "FILE.safetensors", description = "Trained weights.")
    Path checkpoint;

    @Option(names = "--image", paramLabel = "IMAGE", description = "The image (PNG/TIFF, gray); with --mask.")
    Path image;

    @Option(names = "--mask", paramLabel = "MASK", description = "Its ground-truth mask (class ids, or 0/255 for two classes).")
    Path mask;

    @Option(names = "--sample", paramLabel = "SPLIT:INDEX",
            description = "Instead of --image/--mask: sample INDEX of split train|val|test of --data (e.g. --data mri --sample test:3).")
    String sample;

    @Option(names = {"--loss", "--losses"}, paramLabel = "A,B,…",
            description = "Loss names or expressions, split at the commas outside parentheses (default: ${DEFAULT-VALUE}).")
    String lossList = "ce,dice,ml,caml";

    @Option(names = "--out", paramLabel = "FILE.png", description = "The PNG to write (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("gradmap.png");

    @Option(names = "--json", description = "Print the shares as JSON instead of a table.")
    boolean json;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    DataOptions data = new DataOptions();

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<String> names = LossArgs.parseList("--loss", lossList, Map.of());
        List<SegLoss> losses = LossArgs.create(names, Map.of());
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException("--out must name a .png file, got " + out);
        }
        Path folder = out.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) throw new IllegalArgumentException("--out " + out + ": the folder does not exist");
        if (!Files.isRegularFile(checkpoint)) throw new IllegalArgumentException("--checkpoint " + checkpoint + ": no such file");
        model.applyThreads();
        // A model file with a model card gives the architecture and the normalisation; else the flags, as predict.
        org.segrad.train.ModelCard card = ModelOptions.card("--checkpoint", checkpoint).orElse(null);
        int[] datasetClasses = {0};
        Sample s = loadSample(card, datasetClasses);
        int classes = datasetClasses[0] > 0 ? datasetClasses[0] : flagClasses();
        UNet net = model.load(checkpoint, card, classes, 1);
        if (card != null) classes = card.architecture().classes();

        Tensor logits = logits(net, s, classes);
        Tensor labels = Tensor.fromArray(Arrays.stream(s.mask()).asDoubleStream().toArray(), 1, s.h(), s.w());
        List<GradMaps.GradMap> maps = new ArrayList<>();
        for (SegLoss loss : losses) maps.add(GradMaps.of(loss, logits, labels, LossOptions.NO_IGNORE));
        double[] ones = new double[s.h() * s.w()];
        Arrays.fill(ones, 1);
        GradMaps.Shares pixels = GradMaps.shares(ones, logits, labels, LossOptions.NO_IGNORE);
        int[] predicted = Predictions.argmax(logits);

        GradmapFigure.write(out, s, predicted, maps);
        if (json) System.out.println(Json.write(report(s, pixels, maps)));
        else printTable(s, pixels, maps);
        return 0;
    }

    /**
     * The image and mask from --image/--mask, or from --sample of --data (then {@code classes[0]} is the data's
     * classes), normalised as the model was trained (the card's normalisation; without a card {@code --normalize},
     * default none, as predict).
     */
    private Sample loadSample(org.segrad.train.ModelCard card, int[] classes) throws java.io.IOException {
        if (sample != null) {
            if (image != null || mask != null) throw new IllegalArgumentException("--sample replaces --image/--mask: give one or the other");
            String[] p = sample.split(":");
            int index;
            try {
                index = p.length == 2 ? Integer.parseInt(p[1]) : -1;
            } catch (NumberFormatException e) {
                index = -1;
            }
            if (index < 0 || !List.of("train", "val", "test").contains(p[0])) {
                throw new IllegalArgumentException("--sample must be SPLIT:INDEX with SPLIT train|val|test and INDEX >= 0, got '" + sample + "'");
            }
            DataOptions.Loaded d = data.load(card, Normalization.none());
            Dataset ds = switch (p[0]) {
                case "train" -> d.split().train();
                case "val" -> d.split().val();
                default -> d.split().test();
            };
            if (index >= ds.size()) {
                throw new IllegalArgumentException("--sample " + sample + ": the " + p[0] + " split of " + d.description() + " has "
                        + ds.size() + " samples (INDEX 0.." + (ds.size() - 1) + ")");
            }
            classes[0] = d.classes();
            return checkGray(ds.get(index));
        }
        if (image == null || mask == null) throw new IllegalArgumentException("--image and --mask are needed (or --sample), got "
                + (image == null ? "no --image" : "no --mask"));
        int k = flagClasses();
        Normalization norm = card != null ? card.normalization() : Normalization.parse(data.normalize == null ? "none" : data.normalize);
        if (card != null && data.normalize != null && !Normalization.parse(data.normalize).spec().equals(norm.spec())) {
            throw new IllegalArgumentException("--normalize " + data.normalize + " contradicts the model file, which was trained with " + norm.spec());
        }
        Sample img = FolderDataset.readChannels(List.of(image), FolderDataset.Options.defaults().withRgbToGray(data.rgbToGray).withRaw(norm.raw()));
        ImageFiles.Mask m = ImageFiles.readMask(mask, k);
        if (m.h() != img.h() || m.w() != img.w()) {
            throw new IllegalArgumentException("--mask " + mask + " is " + m.w() + "x" + m.h() + " (w x h) but --image " + image
                    + " is " + img.w() + "x" + img.h());
        }
        return checkGray(norm.apply(new Sample(img.image(), img.channels(), img.h(), img.w(), m.labels(), img.name())));
    }

    /** {@code --classes}, else 2 (a model card, when there is one, says the model's). */
    private int flagClasses() {
        return data.classes != null && data.classes > 0 ? data.classes : 2;
    }

    private static Sample checkGray(Sample s) {
        if (s.channels() != 1) {
            throw new IllegalArgumentException(s.name() + " has " + s.channels() + " channels; the model takes 1 (use --rgb-to-gray)");
        }
        if (!s.hasMask()) throw new IllegalArgumentException(s.name() + " has no mask");
        return s;
    }

    /** Float64 logits [1, C, h, w] of the model in eval mode (reflect-padded to its input multiple, cropped back). */
    static Tensor logits(UNet net, Sample s, int classes) {
        Geometry.Padding pad = Geometry.paddingFor(s.h(), s.w(), net.inputMultiple());
        Sample p = Geometry.pad(s, pad);
        net.eval();
        float[] z;
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            z = net.forward(Tensor.fromArray(p.image().clone(), 1, 1, p.h(), p.w())).toFloatArray();
        }
        float[] cropped = pad.cropBack(z, classes);
        double[] d = new double[cropped.length];
        for (int i = 0; i < d.length; i++) d[i] = cropped[i];
        return Tensor.fromArray(d, 1, classes, s.h(), s.w());
    }

    private void printTable(Sample s, GradMaps.Shares pixels, List<GradMaps.GradMap> maps) {
        System.out.printf(Locale.ROOT, "segrad gradmap: %s (%dx%d); shares of the gradient mass sum |dL/dz_true| (kinds overlap)%n",
                s.name(), s.w(), s.h());
        int width = Math.max(20, maps.stream().mapToInt(m -> m.loss().length()).max().orElse(0));
        String row = "%-" + width + "s %13s %9s %17s %12s%n";
        System.out.printf(Locale.ROOT, row, "loss", "misclassified", "boundary", "confident-correct", "sum |dL/dz|");
        System.out.printf(Locale.ROOT, row, "(share of pixels)", pct(pixels.misclassified()), pct(pixels.boundary()),
                pct(pixels.confidentCorrect()), "");
        for (GradMaps.GradMap m : maps) {
            System.out.printf(Locale.ROOT, row, m.loss(), f3(m.shares().misclassified()), f3(m.shares().boundary()),
                    f3(m.shares().confidentCorrect()), String.format(Locale.ROOT, "%.3e", mass(m)));
        }
        System.out.println("wrote " + out);
    }

    private Map<String, Object> report(Sample s, GradMaps.Shares pixels, List<GradMaps.GradMap> maps) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("sample", s.name());
        r.put("height", s.h());
        r.put("width", s.w());
        r.put("confident", GradMaps.CONFIDENT);
        r.put("pixel_shares", shares(pixels));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (GradMaps.GradMap m : maps) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("loss", m.loss());
            e.putAll(shares(m.shares()));
            e.put("gradient_mass", mass(m));
            rows.add(e);
        }
        r.put("losses", rows);
        r.put("png", out.toString());
        return r;
    }

    private static Map<String, Object> shares(GradMaps.Shares s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("misclassified", s.misclassified());
        m.put("boundary", s.boundary());
        m.put("confident_correct", s.confidentCorrect());
        return m;
    }

    static double mass(GradMaps.GradMap m) {
        double t = 0;
        for (double v : m.magnitude()) t += v;
        return t;
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "(%.3f)", v);
    }
}
