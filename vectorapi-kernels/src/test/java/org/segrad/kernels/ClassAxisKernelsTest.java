package org.segrad.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The class-axis loops: {@link SoftmaxKernels}' arg-max and {@link ClassMapKernels}' pixel layout. */
class ClassAxisKernelsTest {
    @Test
    void argmaxTakesTheFirstMaximum() {
        // [outer 2, n 3, inner 2]: ties go to the lower class; a NaN after class 0 never wins.
        double[] x = {1, 5, /**/ 1, Double.NaN, /**/ 0, 5, /**/ -1, 2, /**/ 3, 2, /**/ 3, 7};
        int[] out = new int[4];
        SoftmaxKernels.argmax(x, 2, 3, 2, out);
        assertArrayEquals(new int[] {0, 0, 1, 2}, out);
    }

    @Test
    void classMapIndexesPixelsByImageAndPosition() {
        int classes = 3, hw = 2;   // two images of two pixels
        double[] p = new double[2 * classes * hw];
        for (int j = 0; j < p.length; j++) p[j] = j;
        int[] cls = {2, -1, 0, 1};
        assertEquals(((1 * classes) + 1) * hw + 1, ClassMapKernels.at(3, 1, classes, hw));
        double[] v = new double[4];
        ClassMapKernels.gather(cls, classes, hw, p, -7, v);
        assertArrayEquals(new double[] {4, -7, 6, 9}, v);
        ClassMapKernels.otherMass(cls, classes, hw, p, 1, v);
        assertArrayEquals(new double[] {0 + 2, 1, 8 + 10, 7 + 11}, v);
        assertEquals(3 * 4 + 2 * 6 + 0 * 9, ClassMapKernels.weightedGatherSum(cls, classes, hw, p, new double[] {2, 0, 3}));
        int[] ids = new int[4];
        assertEquals(-1, ClassMapKernels.classIds(new float[] {2, 255, 0, 1}, classes, true, 255, ids));
        assertArrayEquals(cls, ids);
        assertEquals(1, ClassMapKernels.classIds(new double[] {2, 0.5, 0, 1}, classes, true, 255, ids));
        assertEquals(1, ClassMapKernels.classIds(new double[] {2, 255, 0, 1}, classes, false, 255, ids));
    }
}
