package org.segrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.data.FolderDataset;
import org.segrad.data.Splits;
import org.segrad.nn.UNet;
import org.segrad.train.EpochRecord;
import org.segrad.train.Segmenter;
import org.segrad.train.Trainer;
import org.segrad.train.Validation;

class TrainFromCodeTest {

    @Test
    void trainsOnAFolderDatasetSavesTheModelAndReportsItsMiou(@TempDir Path tmp) throws Exception {
        Path data = TrainFromCode.writeCellsFolder(tmp.resolve("cells"), 20, 64, 3);
        assertEquals(20, Files.list(data.resolve("images")).count());
        assertEquals(20, Files.list(data.resolve("masks")).count());

        TrainFromCode.Result r = TrainFromCode.train(data, tmp.resolve("run"), 6, false);

        // Training ran every epoch and lowered the loss.
        List<EpochRecord> h = r.training().history();
        assertEquals(6, h.size());
        assertTrue(h.get(5).trainLoss() < 0.8 * h.get(0).trainLoss(), "loss did not fall: " + h);

        // The saved model loads (strictly) into a fresh U-Net and reproduces the reported test mIoU.
        Splits.Split split = FolderDataset.open(data, FolderDataset.Options.defaults(), 0.2, 0.2, 7);
        assertTrue(split.test().size() > 0 && split.val().size() > 0);
        UNet fresh = new UNet(1, 2, TrainFromCode.BASE, TrainFromCode.DEPTH, 99L);
        double untrained = Validation.meanIou(new Segmenter(fresh).predictAll(split.test()), split.test());
        assertEquals(r.model(), tmp.resolve("run").resolve(Trainer.BEST));
        fresh.load(r.model(), true);
        assertEquals(r.testMiou(), Validation.meanIou(new Segmenter(fresh).predictAll(split.test()), split.test()), 0);

        // The trained model segments: better than the untrained one, and well above "all background".
        assertTrue(r.testMiou() > untrained, "test mIoU " + r.testMiou() + " vs untrained " + untrained);
        assertTrue(r.valMiou() > 0.6 && r.testMiou() > 0.6, "val " + r.valMiou() + ", test " + r.testMiou());
    }
}
