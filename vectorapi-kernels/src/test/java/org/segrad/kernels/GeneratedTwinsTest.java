package org.segrad.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The float32 twins are what {@link TwinGenerator} makes of their float64 sources (regenerate, never hand-edit). */
class GeneratedTwinsTest {
    @Test
    void generatedTwinsAreUpToDate() throws IOException {
        for (String[] twin : TwinGenerator.TWINS) {
            String expected = TwinGenerator.expected(twin);
            if (Boolean.getBoolean("segrad.regenerate")) Files.writeString(Path.of(twin[1]), expected, StandardCharsets.UTF_8);
            assertEquals(expected, Files.readString(Path.of(twin[1]), StandardCharsets.UTF_8),
                    twin[1] + " is out of date: run this test with -Dsegrad.regenerate=true and commit the result");
        }
    }

    @Test
    void theGeneratorTranslatesTypesAndHonoursMarkers() {
        String out = TwinGenerator.generate("double[] a; // keep\ndouble x = 0.0; Double.isNaN(x);\nint y; // f32: long y;\n"
                + "  // f32-begin: return 1;\n  return 2;\n  // f32-end\nFloat64ArrayKernels z;", "T.java");
        assertTrue(out.endsWith("double[] a; // keep\nfloat x = 0f; Float.isNaN(x);\nlong y;\n  return 1;\nFloat32ArrayKernels z;"), out);
    }
}
