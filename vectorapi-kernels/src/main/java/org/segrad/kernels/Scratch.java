package org.segrad.kernels;

/**
 * Per-thread, grow-only float buffers, so that kernels called every training step do not allocate.
 * A slot's contents are garbage on entry; each kernel uses its own slot numbers ({@code Slot}) and never holds a
 * buffer across a call that could use the same slot on the same thread.
 */
final class Scratch {
    /** Slot numbers, one per use. */
    static final int PADDED_INPUT = 0, PADDED_OUTPUT = 1, PACKED_WEIGHTS = 2, FLIPPED_WEIGHTS = 3, COLUMNS = 4,
            PARTIALS = 5, PACKED_B = 6, TILE = 7, LANE_SUMS = 8, SLOTS = 9;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[SLOTS][]);

    private Scratch() {}

    /** A buffer of at least {@code size} floats for {@code slot} on the calling thread. */
    static float[] get(int slot, long size) {
        if (size > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("scratch buffer too large: " + size + " floats");
        float[][] b = BUFFERS.get();
        if (b[slot] == null || b[slot].length < size) b[slot] = new float[(int) Math.max(size, 16)];
        return b[slot];
    }
}
