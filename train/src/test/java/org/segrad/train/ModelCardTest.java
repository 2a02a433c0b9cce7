package org.segrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.data.Dataset;
import org.segrad.data.Normalization;
import org.segrad.data.SyntheticCells;
import org.segrad.io.NdArray;
import org.segrad.io.Safetensors;
import org.segrad.io.SafetensorsFile;
import org.segrad.losses.Losses;
import org.segrad.nn.UNet;

/** The model card: its JSON round-trips, every file the trainer writes carries it, and --resume checks it. */
class ModelCardTest {
    private static final Dataset CELLS = SyntheticCells.defaults().withCount(6).withSize(16, 16).withSeed(3).generate();

    static ModelCard card(String loss, int classes) {
        Normalization z = new Normalization(Normalization.Mode.ZSCORE_DATASET, 0, 0, new double[] {0.25, -1e-9}, new double[] {2, 0.5});
        return new ModelCard(new ModelCard.Architecture("unet", 2, classes, 4, 2), List.of("T1", "T2 \"flair\""),
                ModelCard.classIds(classes), "0:0,128:1", z, 1, loss, Map.of("alpha", "0.5", "empty", "skip"),
                new ModelCard.DataInfo("data/x", "folder data/x", 0.2, 0.1, 1.0, 7), 42, "0.1.0-SNAPSHOT", null);
    }

    @Test
    void jsonRoundTripsEveryField() {
        ModelCard c = card("caml", 3);
        String json = c.toJson();
        assertFalse(json.contains("\n"), json);
        assertEquals(c, ModelCard.parse(json));
        assertTrue(json.startsWith("{\"version\":1,\"architecture\":{\"kind\":\"unet\",\"in_channels\":2,\"classes\":3"), json);
        ModelCard withCommit = new ModelCard(c.architecture(), c.channels(), c.classNames(), c.labelMap(), c.normalization(), c.axis(),
                c.loss(), c.lossOptions(), c.data(), c.seed(), c.segradVersion(), "0123456789abcdef0123456789abcdef01234567");
        assertEquals(withCommit, ModelCard.parse(withCommit.toJson()));
        // The built-in generator's --images and --size travel with the card (and a card without them reads as 0, 0).
        ModelCard cells = new ModelCard(c.architecture(), c.channels(), c.classNames(), c.labelMap(), c.normalization(), c.axis(),
                c.loss(), c.lossOptions(), new ModelCard.DataInfo("cells", "cells", 0.2, 0.2, 1, 1, 8, 32), c.seed(), c.segradVersion(), null);
        assertEquals(cells, ModelCard.parse(cells.toJson()));
        assertTrue(cells.toJson().contains("\"images\":8,\"size\":32"), cells.toJson());
        assertEquals(0, ModelCard.parse(json).data().images());
    }

    @Test
    void newerVersionsAndBadDocumentsAreRefusedNamingTheField() {
        String json = card("ce", 2).toJson();
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
                () -> ModelCard.parse(json.replace("\"version\":1", "\"version\":2")));
        assertTrue(v.getMessage().contains("version 2"), v.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> ModelCard.parse(json.replace("\"classes\":2", "\"classes\":60001")));
        assertTrue(c.getMessage().contains("classes = 60001"), c.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> ModelCard.parse(json.replace("\"loss\":{\"name\":\"ce\"", "\"loss\":{\"name\":7")));
        assertTrue(f.getMessage().contains("field name"), f.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelCard.parse("{\"version\":1"));
        assertTrue(ModelCard.from(Map.of("format", "pt"), "x").isEmpty());
    }

    @Test
    void resumeDifferencesNameWhatDiffers() {
        assertEquals(List.of(), card("ce", 2).resumeDifferences(card("ce", 2)));
        List<String> d = card("caml", 2).resumeDifferences(card("ce", 3));
        assertEquals(2, d.size(), d.toString());
        assertTrue(d.get(0).startsWith("architecture:") && d.get(1).equals("loss: caml (checkpoint) vs ce (now)"), d.toString());
    }

    private static ModelCard cellsCard(String loss) {
        return new ModelCard(new ModelCard.Architecture("unet", 1, 2, 4, 2), List.of("gray"), ModelCard.classIds(2), "identity",
                Normalization.percentile(), 2, loss, Map.of(), new ModelCard.DataInfo("cells", "cells", 0.2, 0.2, 1, 1), 7,
                BuildInfo.version(), BuildInfo.commit());
    }

    private static TrainConfig cfg(String loss, int epochs) {
        return new TrainConfig(4, 2, loss, Map.of(), "adam", 1e-2, 0, 0.9, "none", epochs, 4, 0, 0, 0, 0, false, false, 7);
    }

    private static void fit(String loss, int epochs, Path out, boolean resume) throws IOException {
        new Trainer(cfg(loss, epochs), new UNet(1, 2, 4, 2, 7), Losses.create(loss, Map.of()), null).modelCard(cellsCard(loss))
                .fit(CELLS, CELLS, out, resume);
    }

    @Test
    void everyFileTheTrainerWritesCarriesTheCardAndResumeWithAnotherLossRefuses(@TempDir Path dir) throws IOException {
        fit("ce", 1, dir, false);
        for (String f : new String[] {Trainer.MODEL, Trainer.BEST, Trainer.CHECKPOINT}) {
            assertEquals(cellsCard("ce"), ModelCard.read(dir.resolve(f)).orElseThrow(), f);
        }
        byte[] before = Files.readAllBytes(dir.resolve(Trainer.CHECKPOINT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fit("dice", 2, dir, true));
        assertTrue(e.getMessage().startsWith("--resume: ") && e.getMessage().contains("loss: ce (checkpoint) vs dice (now)")
                && !e.getMessage().contains("\n"), e.getMessage());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(dir.resolve(Trainer.CHECKPOINT))), "checkpoint untouched");
        fit("ce", 2, dir, true); // the same run resumes
    }

    @Test
    void impossibleCheckpointCountersAreRefused(@TempDir Path dir) throws IOException {
        fit("ce", 1, dir, false);
        Path ck = dir.resolve(Trainer.CHECKPOINT);
        SafetensorsFile f = Safetensors.read(ck);
        for (String[] bad : new String[][] {{"batches_in_epoch", "-1"}, {"epochs_done", "-1"}, {"global_step", "-5"},
                {"best_epoch", "9"}, {"epochs_done", "3"}}) {
            Map<String, String> meta = new LinkedHashMap<>(f.metadata());
            meta.put(bad[0], bad[1]);
            Safetensors.write(ck, new LinkedHashMap<String, NdArray>(f.tensors()), meta);
            IOException e = assertThrows(IOException.class, () -> fit("ce", 2, dir, true), bad[0]);
            assertTrue(e.getMessage().contains(bad[0]) || e.getMessage().contains("history rows"), e.getMessage());
        }
    }

    @Test
    void versionComesFromTheBuild() {
        assertTrue(BuildInfo.version().startsWith("0."), BuildInfo.version());
        String c = BuildInfo.commit();
        assertTrue(c == null || c.matches("[0-9a-f]{40}"), c);
    }

    @Test
    void plainStateDictsHaveNoCard(@TempDir Path dir) throws IOException {
        UNet net = new UNet(1, 2, 4, 2, 1);
        net.save(dir.resolve("plain.safetensors"));
        assertTrue(ModelCard.read(dir.resolve("plain.safetensors")).isEmpty());
        assertNull(ModelCard.from(Map.of(), "x").orElse(null));
    }
}
