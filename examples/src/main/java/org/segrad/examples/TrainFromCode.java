package org.segrad.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.segrad.data.Dataset;
import org.segrad.data.FolderDataset;
import org.segrad.data.ImageFiles;
import org.segrad.data.Sample;
import org.segrad.data.Splits;
import org.segrad.data.SyntheticCells;
import org.segrad.losses.Losses;
import org.segrad.losses.SegLoss;
import org.segrad.nn.UNet;
import org.segrad.nn.optim.LrScheduler;
import org.segrad.nn.optim.Optimizers;
import org.segrad.train.EpochRecord;
import org.segrad.train.Segmenter;
import org.segrad.train.TrainConfig;
import org.segrad.train.Trainer;
import org.segrad.train.TrainingListener;
import org.segrad.train.Validation;

/**
 * Trains a U-Net from code on a folder dataset, keeps the model with the best validation mIoU, and reports the
 * validation and test mIoU of that model.
 *
 * <p>A folder dataset is {@code images/} and {@code masks/} holding files with the same base names (PNG or TIFF;
 * masks hold class ids 0..K−1, or 0/255 for two classes). Without a {@code DATA_DIR} argument the example first
 * writes such a folder from the built-in synthetic cell generator, so it runs as is:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "examples/target/segrad-examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*" \
 *      org.segrad.examples.TrainFromCode [DATA_DIR [OUT_DIR [EPOCHS]]]
 * </pre>
 * The model is written to {@code OUT_DIR/best.safetensors}; it loads into {@code new UNet(1, classes, BASE, DEPTH)}
 * here and into the PyTorch twin of the U-Net ({@code benchmarks/python}).
 */
public final class TrainFromCode {
    /** Width of the first level and number of levels: a small U-Net that trains in seconds on 64×64 images. */
    public static final int BASE = 8, DEPTH = 3;

    private TrainFromCode() {}

    /** What a run produced: the model file, the training history, and the best model's mIoU on val and test. */
    public record Result(Path model, Trainer.Result training, double valMiou, double testMiou) {}

    public static void main(String[] args) throws IOException {
        Path data = args.length > 0 ? Path.of(args[0]) : writeCellsFolder(Files.createTempDirectory("segrad-cells-"), 40, 64, 1);
        Path out = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("segrad-run-");
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        Result r = train(data, out, epochs, true);
        System.out.printf(Locale.ROOT, "model %s: validation mIoU %.3f, test mIoU %.3f%n", r.model(), r.valMiou(), r.testMiou());
    }

    /** Trains on {@code dataDir} for {@code epochs} epochs, writing into {@code outDir}; prints each epoch when asked. */
    public static Result train(Path dataDir, Path outDir, int epochs, boolean verbose) throws IOException {
        // 1. Data: read the folder and split it 60/20/20 with a seed (train/, val/, test/ subfolders are used as
        //    they are when the folder has them). The number of classes is inferred from the masks.
        Splits.Split split = FolderDataset.open(dataDir, FolderDataset.Options.defaults(), 0.2, 0.2, 7);

        // 2. Model, loss, optimizer and learning-rate schedule. Any Module works; a U-Net needs sides that are
        //    multiples of 2^(DEPTH-1), and the trainer reflect-pads images to inputMultiple().
        UNet model = new UNet(1, split.train().classes(), BASE, DEPTH, 1L);
        SegLoss loss = Losses.create("caml", Map.of());          // or "ce", "dice", "ce+dice", "ml", ...
        Optimizers.Factory adam = Optimizers.named("adam", 3e-3, 0, 0.9);
        LrScheduler.Factory cosine = LrScheduler.named("cosine");

        // 3. The rest of the run (batch size 4, augmentation, shuffling) comes from TrainConfig's defaults.
        TrainConfig cfg = TrainConfig.defaults().withEpochs(epochs).withSeed(1);
        TrainingListener progress = !verbose ? TrainingListener.NONE : new TrainingListener() {
            @Override
            public void epochDone(EpochRecord e, boolean best) {
                System.out.printf(Locale.ROOT, "epoch %2d  loss %.4f  val mIoU %.3f%s%n", e.epoch(), e.trainLoss(), e.valMiou(),
                        best ? "  (best so far)" : "");
            }
        };
        Trainer trainer = new Trainer(cfg, model, model.inputMultiple(), loss, adam, cosine, progress);

        // 4. Train. The trainer writes model.safetensors (latest), best.safetensors (best validation mIoU) and
        //    checkpoint.safetensors (to resume with fit(..., true)) into outDir after every epoch.
        Trainer.Result history = trainer.fit(split.train(), split.val(), outDir, false);

        // 5. Evaluate the best model: load its weights back, predict every image, and score the masks.
        Path best = outDir.resolve(Trainer.BEST);
        model.load(best);
        Segmenter segmenter = new Segmenter(model);
        double val = Validation.meanIou(segmenter.predictAll(split.val()), split.val());
        double test = Validation.meanIou(segmenter.predictAll(split.test()), split.test());
        return new Result(best, history, val, test);
    }

    /**
     * Writes {@code count} synthetic cell images of {@code size}×{@code size} and their binary masks as a folder
     * dataset: {@code root/images/cells-0000.png}, {@code root/masks/cells-0000.png}, … Returns {@code root}.
     */
    public static Path writeCellsFolder(Path root, int count, int size, long seed) throws IOException {
        Files.createDirectories(root.resolve("images"));
        Files.createDirectories(root.resolve("masks"));
        Dataset cells = SyntheticCells.defaults().withCount(count).withSize(size, size).withSeed(seed).generate();
        for (Sample s : cells.samples()) {
            ImageFiles.writeGray16(root.resolve("images").resolve(s.name() + ".png"), s.image(), s.h(), s.w());
            ImageFiles.writeMask(root.resolve("masks").resolve(s.name() + ".png"), s.mask(), s.h(), s.w(), cells.classes());
        }
        return root;
    }
}
