package org.segrad.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;

/** The registry is the one list: it drives Losses' names and option keys, its defaults are the real defaults. */
class TermRegistryTest {
    private static final Tensor Z = Tensor.normal(DType.FLOAT64, 7, 0, 2, 2, 3, 2, 3);
    private static final Tensor Y = Tensor.of(DType.FLOAT64, new double[] {0, 1, 1, 0, 2, 1, 0, 0, 1, 1, 0, 1}, 2, 2, 3);

    @Test
    void lossesAndTheirOptionKeysComeFromTheRegistry() {
        assertEquals(List.of("ce", "dice", "ce+dice", "focal", "tversky", "ml", "caml"), Losses.names());
        for (TermRegistry.Entry e : TermRegistry.losses()) assertEquals(e.keys(), Losses.allowedOptions(e.name()));
    }

    /** Setting an option to its documented default changes nothing, value and gradient, for every loss and term. */
    @Test
    void documentedDefaultsAreTheDefaults() {
        int checked = 0;
        for (List<TermRegistry.Entry> list : List.of(TermRegistry.losses(), TermRegistry.terms())) {
            for (TermRegistry.Entry e : list) {
                if (e.kind() == TermRegistry.Kind.PER_PIXEL) continue;
                LossValue plain = e.create(Map.of()).analytic(Z, Y);
                for (TermRegistry.Option o : e.options()) {
                    if (o.defaultValue().equals("none")) continue;
                    LossValue set = e.create(Map.of(o.key(), o.defaultValue())).analytic(Z, Y);
                    assertEquals(plain.value(), set.value(), 0, e.name() + " " + o.key());
                    assertEquals(0, Grads.relError(set.gradient(), plain.gradient()), 0, e.name() + " " + o.key());
                    checked++;
                }
            }
        }
        assertEquals(75, checked, "options with a default (update deliberately)");
    }

    @Test
    void markdownAndHelpListEveryEntryAndOption() {
        String md = TermRegistry.markdown();
        String help = TermRegistry.help();
        for (List<TermRegistry.Entry> list : List.of(TermRegistry.losses(), TermRegistry.terms())) {
            for (TermRegistry.Entry e : list) {
                assertTrue(md.contains("| `" + e.name() + "` |"), e.name());
                assertTrue(help.contains("  " + e.name() + " "), e.name());
                for (TermRegistry.Option o : e.options()) {
                    assertTrue(md.contains("`" + o.key() + "` (" + o.defaultValue() + ")"), e.name() + " " + o.key());
                    assertTrue(help.contains(o.key()), o.key());
                }
            }
        }
    }
}
