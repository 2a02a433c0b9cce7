package org.segrad.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.segrad.io.NdArray;

/** NdArray's contract (tested here because the autodiff module's test tree belongs to its owner). */
class NdArrayTest {

    @Test
    void shapeIsCopiedAndScalarsHaveOneElement() {
        int[] shape = {2, 3};
        NdArray a = NdArray.ofFloats(new float[6], shape);
        shape[0] = 9;
        assertArrayEquals(new int[] {2, 3}, a.shape());
        a.shape()[1] = 7;
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertEquals(6, a.size());
        NdArray s = NdArray.ofLongs(new long[] {5});
        assertEquals(0, s.rank());
        assertEquals(1, s.size());
        assertEquals(0, NdArray.ofBytes(new byte[0], 4, 0, 2).size());
    }

    @Test
    void shapeMismatchNamesBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NdArray.ofDoubles(new double[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("6")
                && e.getMessage().contains("length 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NdArray.ofDoubles(new double[0], 2, -1));
        assertTrue(e.getMessage().contains("shape[1] = -1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NdArray.ofBytes(new byte[0], 65536, 65536, 0, -1));
    }

    @Test
    void wrongAccessorNamesTheActualType() {
        NdArray a = NdArray.ofLongs(new long[2], 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, a::floats);
        assertTrue(e.getMessage().contains("floats()") && e.getMessage().contains("I64"), e.getMessage());
        assertThrows(IllegalStateException.class, a::doubles);
        assertThrows(IllegalStateException.class, a::bytes);
        assertThrows(IllegalStateException.class, () -> NdArray.ofBytes(new byte[1]).longs());
    }

    @Test
    void equalityIsTypeShapeAndBits() {
        assertEquals(NdArray.ofFloats(new float[] {Float.NaN}, 1), NdArray.ofFloats(new float[] {Float.NaN}, 1));
        assertEquals(NdArray.ofFloats(new float[] {1, 2}, 2).hashCode(),
                NdArray.ofFloats(new float[] {1, 2}, 2).hashCode());
        assertNotEquals(NdArray.ofFloats(new float[] {0f}, 1), NdArray.ofFloats(new float[] {-0f}, 1));
        assertNotEquals(NdArray.ofFloats(new float[2], 2), NdArray.ofFloats(new float[2], 1, 2));
        assertNotEquals(NdArray.ofFloats(new float[2], 2), NdArray.ofDoubles(new double[2], 2));
    }
}
