package org.segrad.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.segrad.kernels.ConvAlgorithm.Pass;

/**
 * Enumerates every float32 kernel variant, checks each against its scalar twin once, and asserts how many it
 * checked (EJML style), so that a new algorithm, pass or facade method cannot slip past the parity tests.
 */
class KernelVariantsTest {

    /** Facade methods with a float[] parameter; a new one must be added here and to the checks below. */
    private static final Set<String> FLOAT_FACADE_METHODS = Set.of(
            "GemmKernels.gemm", "Conv2dKernels.forward", "Conv2dKernels.backwardData", "Conv2dKernels.backwardWeight",
            "ReluKernels.forward", "ReluKernels.backward");

    /**
     * The per-dtype table: every method of {@link ArrayKernels} exists in a float32 and a float64 variant (the first
     * generated from the second, {@link GeneratedTwinsTest}); the facades over it take {@code Object} arrays.
     */
    private static final int ARRAY_KERNEL_METHODS = 29;

    @Test
    void everyTableMethodIsCounted() {
        int n = 0;
        for (Method m : ArrayKernels.class.getDeclaredMethods()) if (!m.isSynthetic() && !Modifier.isStatic(m.getModifiers())) n++;
        assertEquals(ARRAY_KERNEL_METHODS, n, "ArrayKernels changed: update this count, the parity tests and the docs");
        assertEquals(2, Set.of(ArrayKernels.FLOAT32.getClass(), ArrayKernels.FLOAT64.getClass()).size());
    }

    @Test
    void everyFacadeMethodIsKnown() {
        Set<String> found = new TreeSet<>();
        for (Class<?> c : List.of(GemmKernels.class, Conv2dKernels.class, ReluKernels.class, BatchNormKernels.class,
                MaxPool2x2Kernels.class, FmaPeak.class)) {
            for (Method m : c.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || !Modifier.isStatic(m.getModifiers())) continue;
                for (Class<?> p : m.getParameterTypes()) if (p == float[].class) found.add(c.getSimpleName() + "." + m.getName());
            }
        }
        assertEquals(new TreeSet<>(FLOAT_FACADE_METHODS), found);
    }

    @Test
    void everyVariantMatchesItsTwin() {
        List<String> checked = new ArrayList<>();
        // GEMM: 4 transpose combinations × overwrite/accumulate, on a shape with ragged edges in m, n and k.
        for (boolean tA : new boolean[] {false, true})
            for (boolean tB : new boolean[] {false, true})
                for (boolean acc : new boolean[] {false, true}) {
                    GemmParityProperties.checkAgainstScalar(13, 37, 29, tA, tB, acc, 1, 7);
                    checked.add("gemm tA=" + tA + " tB=" + tB + " acc=" + acc);
                }
        // Convolutions: every (pass, algorithm) pair, on a shape the algorithm supports.
        ConvGeometry general = new ConvGeometry(2, 5, 17, 15, 9, 3, 2, 2, 1, 1, 0, 1, 2);
        ConvGeometry same3x3 = ConvGeometry.of(2, 19, 17, 20, 17, 3, 1, 1, 1);
        ConvGeometry pointwise = ConvGeometry.of(3, 17, 15, 16, 3, 1, 1, 0, 1);
        // 2×2 stride 2: odd channel count (a half row panel), odd input size (an untouched last row and column),
        // positions that end in a partial tile.
        ConvGeometry patch = ConvGeometry.of(2, 5, 7, 2 * SimdPatchConv.L + 1, 9, 2, 2, 0, 1);
        for (Pass pass : Pass.values())
            for (ConvAlgorithm alg : ConvAlgorithm.values()) {
                if (alg == ConvAlgorithm.SCALAR) continue;
                ConvGeometry g = switch (alg) {
                    case GEMM_1X1 -> pointwise;
                    case DIRECT -> same3x3;
                    case PATCH_2X2 -> patch;
                    default -> general;
                };
                if (!alg.supports(g, pass)) throw new AssertionError(alg + " does not support " + pass + " on its test shape");
                ConvParity.check(g, pass, alg, 11);
                checked.add("conv " + pass + " " + alg);
            }
        // The direct weight gradient has two forms by output channels: outer products above one vector (same3x3 has
        // 17), dot products at one vector or less.
        ConvParity.check(ConvGeometry.of(2, 19, 17, 20, SimdConvWeightGradOuter.L, 3, 1, 1, 1), Pass.BACKWARD_WEIGHT,
                ConvAlgorithm.DIRECT, 11);
        checked.add("conv BACKWARD_WEIGHT DIRECT, dot-product form (<= one vector of output channels)");
        // ReLU and batch norm (SIMD vs scalar twin).
        Random r = new Random(3);
        float[] x = Tolerance.random(r, 53), y0 = new float[53], y1 = new float[53];
        SimdRelu.forward(x, y1, 0, 53);
        ScalarRelu.forward(x, y0, 0, 53);
        org.junit.jupiter.api.Assertions.assertArrayEquals(y0, y1);
        checked.add("relu forward");
        SimdRelu.backward(x, y0, y1, 0, 53);
        ScalarRelu.backward(x, y0, y0, 0, 53);
        org.junit.jupiter.api.Assertions.assertArrayEquals(y0, y1);
        checked.add("relu backward");
        // Batch norm and max-pool: the float32 table against the float64 one (BatchNormKernels, MaxPool2x2Kernels).
        ElementwiseParityProperties.batchNormTablesAgree(2, 3, 37, true, false, 5);
        checked.add("batchnorm forward/backward f32 vs f64");
        ElementwiseParityProperties.batchNormTablesAgree(2, 3, 300, false, true, 6);
        checked.add("batchnorm+relu forward/backward f32 vs f64");
        new ElementwiseParityProperties().maxPoolMatchesDefinitionAndRoutesGradient(2, 3, 7, 6, 5);
        checked.add("maxpool forward/backward f32 vs f64 and definition");
        new MaxPoolParityProperties().float32MatchesTheFloat64Reference(2, 6, 2 * SimdMaxPool.L + 7, 2, 4);
        checked.add("maxpool forward, rows in vectors (SimdMaxPool) vs f64, with NaNs and ties");

        int gemm = 8, conv = Pass.values().length * (ConvAlgorithm.values().length - 1) + 1, elementwise = 6;
        assertEquals(gemm + conv + elementwise, checked.size(), String.join("\n", checked));
        assertEquals(27, checked.size(), "variant count changed: update this test and the docs\n" + String.join("\n", checked));
    }
}
