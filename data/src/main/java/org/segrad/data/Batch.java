package org.segrad.data;

import java.util.List;

/**
 * Samples of one size stacked into plain NCHW arrays, ready to wrap as tensors: images {@code N × C × H × W} and
 * labels {@code N × H × W} (class ids), both C order.
 *
 * @param images   pixel values, length n·c·h·w
 * @param labels   class ids, length n·h·w, or {@code null} when the samples have no masks
 * @param n        batch size
 * @param channels channels
 * @param h        height
 * @param w        width
 * @param names    the samples' names, in order
 */
public record Batch(float[] images, int[] labels, int n, int channels, int h, int w, List<String> names) {

    /**
     * Stacks {@code samples}; all must share channels, height and width (pad or crop first), and either all or none
     * have masks.
     *
     * @throws IllegalArgumentException naming the first sample that does not fit
     */
    public static Batch of(List<Sample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("cannot build a batch of 0 samples");
        }
        Sample first = samples.get(0);
        int c = first.channels();
        int h = first.h();
        int w = first.w();
        boolean masks = first.hasMask();
        int n = samples.size();
        long total = (long) n * c * h * w;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("batch of " + n + " × " + c + "×" + h + "×" + w + " is too large");
        }
        float[] images = new float[(int) total];
        int[] labels = masks ? new int[n * h * w] : null;
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            if (s.channels() != c || s.h() != h || s.w() != w || s.hasMask() != masks) {
                throw new IllegalArgumentException("sample " + s.name() + " is " + s.channels() + "×" + s.h() + "×"
                        + s.w() + (s.hasMask() ? " with" : " without") + " mask but the batch is " + c + "×" + h + "×"
                        + w + (masks ? " with" : " without") + " masks (from " + first.name() + ")");
            }
            System.arraycopy(s.image(), 0, images, i * c * h * w, c * h * w);
            if (masks) {
                System.arraycopy(s.mask(), 0, labels, i * h * w, h * w);
            }
            names[i] = s.name();
        }
        return new Batch(images, labels, n, c, h, w, List.of(names));
    }
}
