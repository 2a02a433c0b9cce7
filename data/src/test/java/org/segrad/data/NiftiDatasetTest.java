package org.segrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.segrad.io.NiftiVolume;
import org.segrad.io.TestVolumes;

/** Label maps over NIfTI volumes and the bundled MRI dataset (the format itself is tested in the io module). */
class NiftiDatasetTest {

    @Test
    void labelSliceThroughARemap() {
        NiftiVolume v = TestVolumes.ramp234(); // value x + 10y + 100z; slice z = 0 reads rows y = 2, 1, 0
        int[] lab = LabelRemap.greaterThan(10).labelSlice(v, 2, 0);
        assertArrayEquals(new int[] {1, 1, 0, 1, 0, 0}, lab);
    }

    @Test
    void labelRemapParsing() {
        assertEquals(1, LabelRemap.parse(">0").apply(3f));
        assertEquals(0, LabelRemap.parse(">0").apply(0f));
        assertEquals(2, LabelRemap.parse("identity").apply(2f));
        assertThrows(IllegalArgumentException.class, () -> LabelRemap.identity().apply(0.5f));
        LabelRemap t = LabelRemap.parse("1:1, 2:1, 4:2, *:0");
        assertEquals(2, t.apply(4f));
        assertEquals(0, t.apply(3f));
        assertThrows(IllegalArgumentException.class, () -> LabelRemap.parse("1:1").apply(3f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelRemap.parse("a=b"));
        assertTrue(e.getMessage().contains("a=b"), e.getMessage());
    }

    @Test
    void bundledMriLoadsWithSensibleDims() throws IOException {
        NiftiVolume t1 = BundledMri.image();
        NiftiVolume mask = BundledMri.label();
        assertEquals(128, t1.nx());
        assertEquals(128, t1.ny());
        assertEquals(62, t1.nz());
        assertTrue(t1.sameDims(mask));
        Dataset axial = BundledMri.load(2);
        assertEquals(2, axial.classes());
        assertTrue(axial.size() >= 20 && axial.size() <= 62, "axial slices " + axial.size());
        long brain = 0;
        long all = 0;
        for (Sample s : axial.samples()) {
            assertEquals(128, s.h());
            assertEquals(128, s.w());
            for (int i = 0; i < s.mask().length; i++) {
                brain += s.mask()[i];
                assertTrue(s.image()[i] >= 0 && s.image()[i] <= 1);
            }
            all += s.mask().length;
        }
        double frac = (double) brain / all;
        assertTrue(frac > 0.05 && frac < 0.6, "brain fraction " + frac);
        assertEquals(62, BundledMri.load(2, false).size());
        Dataset coronal = BundledMri.load(1);
        assertEquals(62, coronal.get(0).h());
        System.out.printf("bundled MRI: %d slices along axis 2, %d along axis 1, %d along axis 0; brain fraction %.3f%n",
                axial.size(), coronal.size(), BundledMri.load(0).size(), frac);
    }
}
