package org.segrad.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The restricted JSON grammar: what parses, and to what. */
class JsonReaderTest {

    @Test
    void parsesObjectsArraysStringsIntegers() throws Exception {
        Object v = JsonReader.parse(" {\"a\" : [1, -2, 0, 9223372036854775807], \"b\":{}, \"c\":[], "
                + "\"s\":\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00 \u4e2d\"}\n ");
        assertEquals(Map.of("a", List.of(1L, -2L, 0L, Long.MAX_VALUE), "b", Map.of(), "c", List.of(),
                "s", "q\" \\ / \b\f\n\r\t \u00e9 \ud83d\ude00 \u4e2d"), v);
    }

    @Test
    void keepsKeyOrder() throws Exception {
        Map<?, ?> m = (Map<?, ?>) JsonReader.parse("{\"z\":1,\"a\":2,\"m\":3}");
        assertEquals(List.of("z", "a", "m"), List.copyOf(m.keySet()));
    }

    @Test
    void rejectsWhatTheGrammarLeavesOut() {
        for (String bad : new String[] {"true", "null", "1e3", "1.0", "-", "\"\\u12\"", "\"a\nb\"", "[1,]", "{,}",
            "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "\"\\ude00\"", "", "[", "{\"a\":1} {}", "00"}) {
            assertThrows(SafetensorsFormatException.class, () -> JsonReader.parse(bad), bad);
        }
    }
}
