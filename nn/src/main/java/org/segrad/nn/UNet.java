package org.segrad.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.segrad.autodiff.Pooling;
import org.segrad.autodiff.ShapeOps;
import org.segrad.autodiff.Tensor;

/**
 * The compact U-Net of SPEC §3 ("unet-small"), the twin of {@code shared/peers/torch_unet.py} with identical
 * state-dict names, so weights move both ways.
 *
 * <pre>
 * widths   w_l = base·2^l, l = 0..depth−1
 * encoder  level l: (max-pool 2×2 if l > 0), then block(l == 0 ? in : w_{l−1} → w_l)            down.{l}.*
 * decoder  for l = depth−1 .. 1 (index k = depth−1−l): ConvTranspose2d(w_l → w_{l−1}, 2, stride 2, bias)  up.{k}.*
 *          concat [skip_{l−1}, up] on channels (skip first), block(w_l → w_{l−1})                    dec.{k}.*
 * head     Conv2d(w_0 → classes, 1×1, bias)                                                       head.*
 * block    [Conv2d 3×3 pad 1 no bias → BatchNorm2d → ReLU] × 2, children 0..5 (parameters at 0, 1, 3, 4)
 * </pre>
 * Output: logits [N, classes, H, W]; H and W must be multiples of 2^(depth−1). Weights are initialised as PyTorch
 * does by default ({@link Init}), in construction order, from {@code SplittableRandom(seed)}.
 */
public class UNet extends Module {
    private final int inChannels, classes, base, depth;
    private final ModuleList<ConvBlock> down = new ModuleList<>();
    private final ModuleList<ConvTranspose2d> up = new ModuleList<>();
    private final ModuleList<ConvBlock> dec = new ModuleList<>();
    private final Conv2d head;

    /** Seed 0. */
    public UNet(int inChannels, int classes, int base, int depth) {
        this(inChannels, classes, base, depth, 0L);
    }

    public UNet(int inChannels, int classes, int base, int depth, long seed) {
        Layers.positive("UNet", "inChannels", inChannels);
        Layers.positive("UNet", "classes", classes);
        Layers.positive("UNet", "base", base);
        Layers.positive("UNet", "depth", depth);
        if (depth > 16 || (long) base << (depth - 1) > Integer.MAX_VALUE / 16) {
            throw new IllegalArgumentException("UNet: base " + base + " and depth " + depth + " give too wide a network");
        }
        this.inChannels = inChannels;
        this.classes = classes;
        this.base = base;
        this.depth = depth;
        SplittableRandom rng = new SplittableRandom(seed);
        int[] w = widths(base, depth);
        for (int l = 0; l < depth; l++) down.add(block(l == 0 ? inChannels : w[l - 1], w[l], rng));
        for (int l = depth - 1; l > 0; l--) up.add(new ConvTranspose2d(w[l], w[l - 1], 2, 2, true, rng));
        for (int l = depth - 1; l > 0; l--) dec.add(block(w[l], w[l - 1], rng));
        head = new Conv2d(w[0], classes, 1, 0, true, rng);
        registerModule("down", down);
        registerModule("up", up);
        registerModule("dec", dec);
        registerModule("head", head);
    }

    /** w_l = base·2^l. */
    public static int[] widths(int base, int depth) {
        int[] w = new int[depth];
        for (int l = 0; l < depth; l++) w[l] = base << l;
        return w;
    }

    /** [Conv2d(cin → cout, 3×3, pad 1, no bias), BatchNorm2d, ReLU] × 2 (see {@link ConvBlock}). */
    public static ConvBlock block(int cin, int cout, SplittableRandom rng) {
        return new ConvBlock(cin, cout, rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        int m = inputMultiple();
        if (x.rank() != 4 || x.dim(1) != inChannels || x.dim(2) % m != 0 || x.dim(3) % m != 0) {
            throw new IllegalArgumentException("UNet: input must be [N, " + inChannels + ", H, W] with H and W multiples of " + m
                    + " (depth " + depth + "), got " + Arrays.toString(x.shape()));
        }
        List<Tensor> skips = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            if (l > 0) x = Pooling.maxPool2d(x, 2, 2, 0);
            x = down.get(l).forward(x);
            skips.add(x);
        }
        for (int k = 0; k < depth - 1; k++) {
            x = up.get(k).forward(x);
            x = dec.get(k).forward(ShapeOps.concat(1, skips.get(depth - 2 - k), x));
        }
        return head.forward(x);
    }

    public int inChannels() { return inChannels; }

    public int classes() { return classes; }

    public int base() { return base; }

    public int depth() { return depth; }

    /** 2^(depth−1): each of the depth − 1 poolings halves the sides. */
    @Override
    public int inputMultiple() { return 1 << (depth - 1); }

    @Override
    protected String describe() {
        return "UNet(in=" + inChannels + ", classes=" + classes + ", base=" + base + ", depth=" + depth + ")";
    }
}
