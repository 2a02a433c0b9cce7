package org.segrad.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The variants {@code segrad gradcheck} runs: every loss is among them, and every one passes. */
class LossChecksTest {

    @Test
    void everyLossIsCheckedAndPasses() {
        Set<String> names = new HashSet<>();
        for (LossChecks.Variant v : LossChecks.variants()) {
            names.add(v.name());
            LossChecks.Result r = LossChecks.check(v, 7);
            assertTrue(r.finiteDifferences().passed(), r.finiteDifferences()::toString);
            assertTrue(r.analyticError() <= 1e-10, v.label() + ": " + r.analyticError());
        }
        assertEquals(new HashSet<>(Losses.names()), names);
        assertEquals("caml{detach=false,granularity=pixel}", LossChecks.variants().get(12).label());
    }
}
