package org.segrad.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SplitsTest {
    private final Dataset all = SyntheticCells.defaults().withSize(16, 16).withCount(40).generate();

    private static Set<String> names(Dataset d) {
        return d.samples().stream().map(Sample::name).collect(Collectors.toSet());
    }

    @Test
    void fractionSplitIsSeededDisjointAndComplete() {
        Splits.Split a = Splits.byFraction(all, 0.2, 0.1, 7);
        assertEquals(28, a.train().size());
        assertEquals(8, a.val().size());
        assertEquals(4, a.test().size());
        Set<String> union = new HashSet<>(names(a.train()));
        union.addAll(names(a.val()));
        union.addAll(names(a.test()));
        assertEquals(40, union.size());
        assertEquals(names(a.val()), names(Splits.byFraction(all, 0.2, 0.1, 7).val()));
        assertNotEquals(names(a.val()), names(Splits.byFraction(all, 0.2, 0.1, 8).val()));
    }

    @Test
    void blockSplitKeepsRunsTogether() {
        Splits.Split s = Splits.byBlocks(all, 0.2, 0.2, 3, 4);
        assertEquals(40, s.train().size() + s.val().size() + s.test().size());
        for (Dataset d : List.of(s.train(), s.val(), s.test())) {
            for (Sample x : d.samples()) {
                int i = Integer.parseInt(x.name().substring(6));
                int blockStart = i / 4 * 4;
                assertTrue(names(d).contains(String.format("cells-%04d", blockStart)), x.name());
            }
        }
        assertEquals(8, s.test().size());
    }

    @Test
    void subsampleIsNestedAndAtLeastOne() {
        Dataset quarter = Splits.subsample(all, 0.25, 5);
        Dataset half = Splits.subsample(all, 0.5, 5);
        assertEquals(10, quarter.size());
        assertEquals(20, half.size());
        assertTrue(names(half).containsAll(names(quarter)));
        assertEquals(1, Splits.subsample(all, 0.001, 5).size());
        assertEquals(all, Splits.subsample(all, 1.0, 5));
        assertThrows(IllegalArgumentException.class, () -> Splits.subsample(all, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> Splits.byFraction(all, 0.6, 0.5, 1));
    }
}
