package org.segrad.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.segrad.data.ImageFiles;
import org.segrad.data.Sample;
import org.segrad.nn.UNet;
import org.segrad.train.Inference;

/**
 * Loads a trained U-Net and segments a folder of images from a thread pool, writing one mask PNG per image
 * (class ids; with two classes 0/255).
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "examples/target/segrad-examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*" \
 *      org.segrad.examples.SegmentWithThreadPool [MODEL IMAGE_DIR OUT_DIR [THREADS [CLASSES]]]
 * </pre>
 * Without arguments it first trains a small model with {@link TrainFromCode} on synthetic cells and segments those.
 */
public final class SegmentWithThreadPool {
    private SegmentWithThreadPool() {}

    public static void main(String[] args) throws Exception {
        Path model, images, out;
        if (args.length >= 3) {
            model = Path.of(args[0]);
            images = Path.of(args[1]);
            out = Path.of(args[2]);
        } else {
            Path data = TrainFromCode.writeCellsFolder(Files.createTempDirectory("segrad-cells-"), 24, 64, 1);
            model = TrainFromCode.train(data, Files.createTempDirectory("segrad-run-"), 5, false).model();
            images = data.resolve("images");
            out = Files.createTempDirectory("segrad-masks-");
        }
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int classes = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        List<Path> masks = segment(model, classes, images, out, threads);
        System.out.println(masks.size() + " masks written to " + out);
    }

    /**
     * Segments every PNG/TIFF in {@code imageDir} with the U-Net in {@code modelFile} ({@code classes} classes, the
     * architecture of {@link TrainFromCode}) on {@code threads} threads; writes {@code outDir/<name>.png} per image
     * and returns those paths in the order of the image names.
     */
    public static List<Path> segment(Path modelFile, int classes, Path imageDir, Path outDir, int threads)
            throws IOException, InterruptedException {
        List<Path> images = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(imageDir, "*.{png,tif,tiff}")) {
            files.forEach(images::add);
        }
        Collections.sort(images);
        Files.createDirectories(outDir);

        // One model, loaded once, serves every thread: Inference is thread-safe (an eval-mode forward confined to the
        // calling thread, a workspace per thread; the model's tensors and train/eval flag are never changed).
        Inference inference = new Inference(loadModel(modelFile, classes));

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (Path image : images) {
                results.add(pool.submit(() -> {
                    Sample s = ImageFiles.readImage(image, false);       // any size: the Segmenter pads and crops back
                    int[] mask = inference.predict(s).labels();          // h × w class ids (probabilities() beside)
                    Path maskFile = outDir.resolve(s.name() + ".png");
                    ImageFiles.writeMask(maskFile, mask, s.h(), s.w(), classes);
                    return maskFile;
                }));
            }
            List<Path> written = new ArrayList<>();
            for (Future<Path> r : results) written.add(r.get());         // rethrows the first failed task's error
            return written;
        } catch (ExecutionException e) {
            throw new IOException("segmenting failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
            // Tasks already running finish their file before the call returns: nothing is written after it.
            try {
                pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A U-Net of {@link TrainFromCode}'s architecture with the weights of {@code file} (a state dict holds no architecture). */
    static UNet loadModel(Path file, int classes) {
        UNet model = new UNet(1, classes, TrainFromCode.BASE, TrainFromCode.DEPTH);
        try {
            model.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return model;
    }
}
