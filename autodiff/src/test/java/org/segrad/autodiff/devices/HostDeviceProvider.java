package org.segrad.autodiff.devices;

import org.segrad.autodiff.Backend;
import org.segrad.autodiff.BackendProvider;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.DeviceArray;
import org.segrad.kernels.ArrayKernels;
import org.segrad.kernels.ConvGeometry;

/**
 * A test device {@code hostdev:0} whose "device memory" is Java float arrays: the core's device dispatch, transfer
 * counting and lifetimes are tested on JDK 17 without OpenCL. Convolutions reuse the CPU kernels; everything else is
 * a plain loop written from the {@link Backend} contract.
 */
public final class HostDeviceProvider implements BackendProvider {
    @Override
    public String kind() { return "hostdev"; }

    @Override
    public Backend open(int index) {
        if (index != 0) throw new IllegalStateException("hostdev:" + index + " asked for but only hostdev:0 exists");
        return new HostBackend();
    }

    static final class Arr implements DeviceArray {
        final float[] a;
        final HostBackend b;
        boolean released;

        Arr(float[] a, HostBackend b) {
            this.a = a;
            this.b = b;
        }

        @Override public int length() { return a.length; }
        @Override public Backend backend() { return b; }
        @Override public void release() { if (!released) { released = true; b.live--; } }
        @Override public boolean isReleased() { return released; }
    }

    static final class HostBackend implements Backend {
        private static final ArrayKernels K = DType.FLOAT32.kernels();
        long transfers;
        int live;

        static float[] f(DeviceArray d) {
            Arr a = (Arr) d;
            if (a.released) throw new IllegalStateException("released array used");
            return a.a;
        }

        @Override public String name() { return "hostdev:0"; }
        @Override public String description() { return "test device over Java arrays"; }
        @Override public DeviceArray allocate(int length) { live++; return new Arr(new float[length], this); }
        @Override public void fill(DeviceArray y, float v) { java.util.Arrays.fill(f(y), v); }
        @Override public void write(float[] src, DeviceArray dst) { transfers++; System.arraycopy(src, 0, f(dst), 0, src.length); }
        @Override public void download(DeviceArray src, float[] dst) { transfers++; System.arraycopy(f(src), 0, dst, 0, dst.length); }
        @Override public long transfers() { return transfers; }
        @Override public int liveArrays() { return live; }
        @Override public void copy(DeviceArray s, DeviceArray d) { System.arraycopy(f(s), 0, f(d), 0, s.length()); }

        @Override public void add(DeviceArray a, DeviceArray b, DeviceArray y) {
            float[] x = f(a), z = f(b), o = f(y);
            for (int i = 0; i < o.length; i++) o[i] = x[i] + z[i];
        }

        @Override public void mul(DeviceArray a, DeviceArray b, DeviceArray y) {
            float[] x = f(a), z = f(b), o = f(y);
            for (int i = 0; i < o.length; i++) o[i] = x[i] * z[i];
        }

        @Override public void scaleBy(DeviceArray x, DeviceArray s, DeviceArray y) {
            float[] a = f(x), o = f(y);
            float k = f(s)[0];
            for (int i = 0; i < o.length; i++) o[i] = a[i] * k;
        }

        @Override public void broadcastScalar(DeviceArray s, DeviceArray y) { java.util.Arrays.fill(f(y), f(s)[0]); }

        @Override public void sum(DeviceArray x, DeviceArray out) {
            double s = 0;
            for (float v : f(x)) s += v;
            f(out)[0] = (float) s;
        }

        @Override public void relu(DeviceArray x, DeviceArray y) {
            float[] a = f(x), o = f(y);
            for (int i = 0; i < o.length; i++) o[i] = a[i] > 0 ? a[i] : 0;
        }

        @Override public void reluBackward(DeviceArray x, DeviceArray dy, DeviceArray dx) {
            float[] a = f(x), g = f(dy), o = f(dx);
            for (int i = 0; i < o.length; i++) o[i] = a[i] > 0 ? g[i] : 0;
        }

        @Override public void convForward(ConvGeometry g, DeviceArray x, DeviceArray w, DeviceArray y) { K.convForward(g, f(x), f(w), f(y)); }
        @Override public void convBackwardData(ConvGeometry g, DeviceArray dy, DeviceArray w, DeviceArray dx) { K.convBackwardData(g, f(dy), f(w), f(dx)); }
        @Override public void convBackwardWeight(ConvGeometry g, DeviceArray x, DeviceArray dy, DeviceArray dw) { K.convBackwardWeight(g, f(x), f(dy), f(dw)); }

        @Override public void addChannelBias(DeviceArray y, DeviceArray bias, int n, int c, int hw) {
            float[] o = f(y), b = f(bias);
            for (int i = 0; i < n * c * hw; i++) o[i] += b[(i / hw) % c];
        }

        @Override public void channelSum(DeviceArray g, DeviceArray out, int n, int c, int hw) {
            float[] a = f(g), o = f(out);
            for (int ch = 0; ch < c; ch++) {
                double s = 0;
                for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) s += a[(b * c + ch) * hw + i];
                o[ch] = (float) s;
            }
        }

        private static float gam(DeviceArray g, int ch) { return g == null ? 1f : f(g)[ch]; }

        @Override public void batchNormTrain(int n, int c, int hw, DeviceArray x, DeviceArray gamma, DeviceArray beta, float eps,
                                             boolean relu, DeviceArray y, DeviceArray mean, DeviceArray var) {
            float[] a = f(x), o = f(y);
            for (int ch = 0; ch < c; ch++) {
                double s = 0, q = 0;
                for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) s += a[(b * c + ch) * hw + i];
                double mu = s / (n * hw);
                for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) q += Math.pow(a[(b * c + ch) * hw + i] - mu, 2);
                double v = q / (n * hw), inv = 1 / Math.sqrt(v + eps);
                for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) {
                    int k = (b * c + ch) * hw + i;
                    float t = (float) ((a[k] - mu) * inv * gam(gamma, ch) + (beta == null ? 0 : f(beta)[ch]));
                    o[k] = relu && !(t > 0) ? 0 : t;
                }
                f(mean)[ch] = (float) mu;
                f(var)[ch] = (float) v;
            }
        }

        @Override public void batchNormRunningUpdate(int c, DeviceArray mean, DeviceArray var, DeviceArray rm, DeviceArray rv,
                                                     float m, int count) {
            for (int ch = 0; ch < c; ch++) {
                f(rm)[ch] = (1 - m) * f(rm)[ch] + m * f(mean)[ch];
                f(rv)[ch] = (1 - m) * f(rv)[ch] + m * f(var)[ch] * count / (count - 1f);
            }
        }

        @Override public void batchNormEval(int n, int c, int hw, DeviceArray x, DeviceArray gamma, DeviceArray beta, DeviceArray rm,
                                            DeviceArray rv, float eps, boolean relu, DeviceArray y) {
            float[] a = f(x), o = f(y);
            for (int k = 0; k < n * c * hw; k++) {
                int ch = (k / hw) % c;
                float t = (float) ((a[k] - f(rm)[ch]) / Math.sqrt(f(rv)[ch] + eps) * gam(gamma, ch) + (beta == null ? 0 : f(beta)[ch]));
                o[k] = relu && !(t > 0) ? 0 : t;
            }
        }

        @Override public void batchNormBackward(int n, int c, int hw, DeviceArray x, DeviceArray y, DeviceArray dy, DeviceArray gamma,
                                                DeviceArray mean, DeviceArray var, float eps, boolean relu, DeviceArray dx,
                                                DeviceArray dgamma, DeviceArray dbeta) {
            float[] a = f(x), out = f(y), g = f(dy), o = f(dx);
            int m = n * hw;
            for (int ch = 0; ch < c; ch++) {
                double mu = f(mean)[ch], s = 1 / Math.sqrt(f(var)[ch] + eps), sg = 0, sgx = 0;
                for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) {
                    int k = (b * c + ch) * hw + i;
                    double gk = relu && !(out[k] > 0) ? 0 : g[k];
                    sg += gk;
                    sgx += gk * (a[k] - mu) * s;
                }
                for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) {
                    int k = (b * c + ch) * hw + i;
                    double gk = relu && !(out[k] > 0) ? 0 : g[k];
                    o[k] = (float) (gam(gamma, ch) * s * (gk - sg / m - (a[k] - mu) * s * sgx / m));
                }
                f(dgamma)[ch] = (float) sgx;
                f(dbeta)[ch] = (float) sg;
            }
        }

        @Override public void maxPool2x2Forward(int planes, int h, int w, DeviceArray x, DeviceArray y, DeviceArray argmax) {
            float[] a = f(x), o = f(y), arg = f(argmax);
            int oh = h / 2, ow = w / 2;
            for (int p = 0; p < planes; p++) for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++) {
                int best = (p * h + 2 * i) * w + 2 * j;
                for (int q = 1; q < 4; q++) {
                    int t = (p * h + 2 * i + q / 2) * w + 2 * j + q % 2;
                    if (a[t] > a[best]) best = t;
                }
                int k = (p * oh + i) * ow + j;
                o[k] = a[best];
                arg[k] = best;
            }
        }

        @Override public void maxPool2x2Backward(int planes, int h, int w, DeviceArray dy, DeviceArray argmax, DeviceArray dx) {
            float[] g = f(dy), arg = f(argmax), o = f(dx);
            java.util.Arrays.fill(o, 0);
            for (int k = 0; k < g.length; k++) o[(int) arg[k]] = g[k];
        }

        @Override public void copyBlocks(int outer, int inner, int count, DeviceArray src, int srcC, int srcC0, DeviceArray dst,
                                         int dstC, int dstC0) {
            for (int b = 0; b < outer; b++) {
                System.arraycopy(f(src), (b * srcC + srcC0) * inner, f(dst), (b * dstC + dstC0) * inner, count * inner);
            }
        }

        @Override public void crossEntropy(int n, int c, int hw, DeviceArray z, DeviceArray labels, DeviceArray loss, DeviceArray dz) {
            float[] a = f(z), y = f(labels), g = f(dz);
            double total = 0, p = (double) n * hw;
            for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) {
                int base = b * c * hw + i, t = (int) y[b * hw + i];
                double mx = Double.NEGATIVE_INFINITY, s = 0;
                for (int k = 0; k < c; k++) mx = Math.max(mx, a[base + k * hw]);
                for (int k = 0; k < c; k++) s += Math.exp(a[base + k * hw] - mx);
                total += Math.log(s) + mx - a[base + t * hw];
                for (int k = 0; k < c; k++) g[base + k * hw] = (float) ((Math.exp(a[base + k * hw] - mx) / s - (k == t ? 1 : 0)) / p);
            }
            f(loss)[0] = (float) (total / p);
        }

        @Override public void adam(DeviceArray w, DeviceArray g, DeviceArray m, DeviceArray v, long t, double lr, double b1, double b2,
                                   double eps, double wd, boolean decoupled) {
            float[] W = f(w), G = f(g), M = f(m), V = f(v);
            double stepSize = lr / (1 - Math.pow(b1, t)), bc2 = Math.sqrt(1 - Math.pow(b2, t));
            for (int i = 0; i < W.length; i++) {
                double gi = G[i], wi = W[i];
                if (decoupled) wi *= 1 - lr * wd;
                else gi += wd * wi;
                M[i] = (float) (b1 * M[i] + (1 - b1) * gi);
                V[i] = (float) (b2 * V[i] + (1 - b2) * gi * gi);
                W[i] = (float) (wi - stepSize * M[i] / (Math.sqrt(V[i]) / bc2 + eps));
            }
        }
    }
}
