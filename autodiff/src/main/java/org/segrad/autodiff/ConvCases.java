package org.segrad.autodiff;

import java.util.SplittableRandom;

/** Registry samplers of the image ops: random geometry that always fits (kernel inside the padded input). */
final class ConvCases {
    private ConvCases() {}

    static OpCase.Sample conv2d(SplittableRandom r) {
        int n = 1 + r.nextInt(2), cin = 1 + r.nextInt(3), cout = 1 + r.nextInt(3);
        int k = 1 + r.nextInt(3), s = 1 + r.nextInt(2), p = r.nextInt(2), d = 1 + r.nextInt(2);
        int min = Math.max(1, d * (k - 1) + 1 - 2 * p);
        int h = min + r.nextInt(4), w = min + r.nextInt(4);
        boolean bias = r.nextBoolean();
        Tensor x = OpRegistry.rand(r, -1, 1, n, cin, h, w), wt = OpRegistry.rand(r, -1, 1, cout, cin, k, k);
        Tensor b = OpRegistry.rand(r, -1, 1, cout);
        Tensor[] in = bias ? new Tensor[] {x, wt, b} : new Tensor[] {x, wt};
        return new OpCase.Sample(in, t -> Convolution.conv2d(t[0], t[1], bias ? t[2] : null, s, p, d),
                desc(x, wt, s, p, d) + (bias ? " bias" : ""));
    }

    static OpCase.Sample convTranspose2d(SplittableRandom r) {
        int n = 1 + r.nextInt(2), cin = 1 + r.nextInt(3), cout = 1 + r.nextInt(3);
        int k = 1 + r.nextInt(3), s = 1 + r.nextInt(2), d = 1 + r.nextInt(2);
        int op = r.nextInt(s);
        int h = 1 + r.nextInt(4), w = 1 + r.nextInt(4);
        int p = Math.min(r.nextInt(2), ((h - 1) * s + d * (k - 1) + op) / 2);
        p = Math.min(p, ((w - 1) * s + d * (k - 1) + op) / 2);
        int pad = p;
        boolean bias = r.nextBoolean();
        Tensor x = OpRegistry.rand(r, -1, 1, n, cin, h, w), wt = OpRegistry.rand(r, -1, 1, cin, cout, k, k);
        Tensor b = OpRegistry.rand(r, -1, 1, cout);
        Tensor[] in = bias ? new Tensor[] {x, wt, b} : new Tensor[] {x, wt};
        return new OpCase.Sample(in, t -> Convolution.convTranspose2d(t[0], t[1], bias ? t[2] : null, s, pad, op, d),
                desc(x, wt, s, pad, d) + " outpad " + op + (bias ? " bias" : ""));
    }

    static OpCase.Sample pool(SplittableRandom r, boolean max) {
        int k = 1 + r.nextInt(3), s = 1 + r.nextInt(2), p = r.nextInt(k / 2 + 1);
        int h = Math.max(1, k - 2 * p) + r.nextInt(4), w = Math.max(1, k - 2 * p) + r.nextInt(4);
        Tensor x = OpRegistry.rand(r, -1, 1, 1 + r.nextInt(2), 1 + r.nextInt(3), h, w);
        return new OpCase.Sample(new Tensor[] {x},
                t -> max ? Pooling.maxPool2d(t[0], k, s, p) : Pooling.avgPool2d(t[0], k, s, p),
                Shape.str(x.shape()) + " k" + k + " s" + s + " p" + p);
    }

    /** Batch-norm (followed by ReLU in the fused op when {@code relu}), training or eval mode at random. */
    static OpCase.Sample batchNorm(SplittableRandom r, boolean relu) {
        int n = 1 + r.nextInt(3), c = 1 + r.nextInt(3), h = 1 + r.nextInt(3), w = 2 + r.nextInt(3);
        boolean training = r.nextBoolean();
        Tensor x = OpRegistry.rand(r, -2, 2, n, c, h, w);
        Tensor gamma = OpRegistry.rand(r, 0.5, 1.5, c), beta = OpRegistry.rand(r, -1, 1, c);
        Tensor rm = OpRegistry.rand(r, -0.5, 0.5, c).detach(), rv = OpRegistry.rand(r, 0.5, 2, c).detach();
        return new OpCase.Sample(new Tensor[] {x, gamma, beta},
                t -> relu ? BatchNorm.batchNorm2dRelu(t[0], t[1], t[2], rm.copy(), rv.copy(), training, 0.1, 1e-5)
                        : BatchNorm.batchNorm2d(t[0], t[1], t[2], rm.copy(), rv.copy(), training, 0.1, 1e-5),
                Shape.str(x.shape()) + (training ? " training" : " eval"));
    }

    private static String desc(Tensor x, Tensor w, int s, int p, int d) {
        return Shape.str(x.shape()) + " w" + Shape.str(w.shape()) + " s" + s + " p" + p + " d" + d;
    }
}
