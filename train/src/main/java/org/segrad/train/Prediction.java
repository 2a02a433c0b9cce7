package org.segrad.train;

/**
 * What {@link Inference} returns for one image: the class map and the per-class softmax probabilities it was taken
 * from.
 *
 * @param labels        {@code height × width} class ids, row-major (argmax over classes, first maximum on ties)
 * @param probabilities {@code classes × height × width} floats, class-major ({@code [k·h·w + r·w + c]}); for every
 *                      pixel the values are in [0, 1] and sum to 1 up to rounding
 * @param classes       number of classes K ≥ 1
 * @param height        image height
 * @param width         image width
 */
public record Prediction(int[] labels, float[] probabilities, int classes, int height, int width) {
    /** Checks the lengths. */
    public Prediction {
        long hw = (long) height * width;
        if (classes < 1 || labels.length != hw || probabilities.length != classes * hw) {
            throw new IllegalArgumentException("prediction of " + height + "x" + width + " with " + classes
                    + " classes needs " + hw + " labels and " + classes * hw + " probabilities, got " + labels.length
                    + " and " + probabilities.length);
        }
    }

    /** The probability of class {@code cls} at row {@code r}, column {@code c}. */
    public float probability(int cls, int r, int c) {
        return probabilities[(cls * height + r) * width + c];
    }

    /** The probability map of one class ({@code height × width}, a copy). */
    public float[] probabilityMap(int cls) {
        int hw = height * width;
        return java.util.Arrays.copyOfRange(probabilities, cls * hw, (cls + 1) * hw);
    }
}
