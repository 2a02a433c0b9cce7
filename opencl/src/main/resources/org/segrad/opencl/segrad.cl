// segrad's OpenCL C kernels (OpenCL C 1.2, float32). Layouts and formulas are those of the CPU kernels in
// vectorapi-kernels (named in each comment); every kernel is checked against them on PoCL by the opencl module's tests.
// Sizes are ints: one buffer holds at most 2^31 - 1 floats. 1-D kernels guard with "if (i >= len) return", so the host
// may round the global size up to a work-group multiple.

#define TS 16       // GEMM tile (work group TS x TS)
#define WG 64       // work-group size of the reductions (sum, batch norm); a power of two

// ---------------------------------------------------------------- GEMM (ScalarGemm)
// C[m x n] (+)= op(A)[m x k] . op(B)[k x n], row-major; op(A) = A^T when transA (A stored k x m), same for B (n x k).
__kernel void gemm(const int m, const int n, const int k,
                   __global const float* a, const int aOff, __global const float* b, const int bOff,
                   __global float* c, const int cOff, const int transA, const int transB, const int accumulate) {
    __local float as[TS][TS];
    __local float bs[TS][TS + 1];
    const int lr = get_local_id(1), lc = get_local_id(0);
    const int row = get_group_id(1) * TS + lr, col = get_group_id(0) * TS + lc;
    float acc = 0.0f;
    for (int t = 0; t < k; t += TS) {
        const int ka = t + lc, kb = t + lr;
        as[lr][lc] = (row < m && ka < k) ? (transA ? a[aOff + ka * m + row] : a[aOff + row * k + ka]) : 0.0f;
        bs[lr][lc] = (kb < k && col < n) ? (transB ? b[bOff + col * k + kb] : b[bOff + kb * n + col]) : 0.0f;
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int p = 0; p < TS; p++) acc = fma(as[lr][p], bs[p][lc], acc);
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (row < m && col < n) {
        const int i = cOff + row * n + col;
        c[i] = accumulate ? c[i] + acc : acc;
    }
}

// ---------------------------------------------------------------- convolution (ScalarConv2d), direct
// g = {n, cIn, h, w, cOut, kh, kw, strideH, strideW, padH, padW, dilH, dilW, outH, outW} (ConvGeometry's order).
#define G_N g[0]
#define G_CI g[1]
#define G_H g[2]
#define G_W g[3]
#define G_CO g[4]
#define G_KH g[5]
#define G_KW g[6]
#define G_SH g[7]
#define G_SW g[8]
#define G_PH g[9]
#define G_PW g[10]
#define G_DH g[11]
#define G_DW g[12]
#define G_OH g[13]
#define G_OW g[14]

// y[b,o,i,j] = sum_{c,u,v} x[b,c, i*s-p+u*d, j*s-p+v*d] * w[o,c,u,v]; one work item per output element.
__kernel void conv2d_forward(__constant int* g, __global const float* x, __global const float* w, __global float* y) {
    const int idx = get_global_id(0);
    if (idx >= G_N * G_CO * G_OH * G_OW) return;
    const int j = idx % G_OW, i = (idx / G_OW) % G_OH, o = (idx / (G_OW * G_OH)) % G_CO, b = idx / (G_OW * G_OH * G_CO);
    float acc = 0.0f;
    for (int c = 0; c < G_CI; c++) {
        const int xb = (b * G_CI + c) * G_H, wb = (o * G_CI + c) * G_KH;
        for (int u = 0; u < G_KH; u++) {
            const int yy = i * G_SH - G_PH + u * G_DH;
            if (yy < 0 || yy >= G_H) continue;
            for (int v = 0; v < G_KW; v++) {
                const int xx = j * G_SW - G_PW + v * G_DW;
                if (xx < 0 || xx >= G_W) continue;
                acc = fma(x[(xb + yy) * G_W + xx], w[(wb + u) * G_KW + v], acc);
            }
        }
    }
    y[idx] = acc;
}

// dx[b,c,yy,xx] = sum over (o,u,v) with yy = i*s-p+u*d, xx = j*s-p+v*d of dy[b,o,i,j] * w[o,c,u,v]; one item per dx.
// Also the transposed convolution's forward (its geometry is the adjoint conv's).
__kernel void conv2d_backward_data(__constant int* g, __global const float* dy, __global const float* w, __global float* dx) {
    const int idx = get_global_id(0);
    if (idx >= G_N * G_CI * G_H * G_W) return;
    const int xx = idx % G_W, yy = (idx / G_W) % G_H, c = (idx / (G_W * G_H)) % G_CI, b = idx / (G_W * G_H * G_CI);
    float acc = 0.0f;
    for (int o = 0; o < G_CO; o++) {
        const int db = (b * G_CO + o) * G_OH, wb = (o * G_CI + c) * G_KH;
        for (int u = 0; u < G_KH; u++) {
            const int iy = yy + G_PH - u * G_DH;
            if (iy < 0 || iy % G_SH != 0 || iy / G_SH >= G_OH) continue;
            for (int v = 0; v < G_KW; v++) {
                const int jx = xx + G_PW - v * G_DW;
                if (jx < 0 || jx % G_SW != 0 || jx / G_SW >= G_OW) continue;
                acc = fma(dy[(db + iy / G_SH) * G_OW + jx / G_SW], w[(wb + u) * G_KW + v], acc);
            }
        }
    }
    dx[idx] = acc;
}

// dw[o,c,u,v] = sum_{b,i,j} x[b,c, i*s-p+u*d, j*s-p+v*d] * dy[b,o,i,j]; one work item per weight.
__kernel void conv2d_backward_weight(__constant int* g, __global const float* x, __global const float* dy, __global float* dw) {
    const int idx = get_global_id(0);
    if (idx >= G_CO * G_CI * G_KH * G_KW) return;
    const int v = idx % G_KW, u = (idx / G_KW) % G_KH, c = (idx / (G_KW * G_KH)) % G_CI, o = idx / (G_KW * G_KH * G_CI);
    float acc = 0.0f;
    for (int b = 0; b < G_N; b++) {
        const int xb = (b * G_CI + c) * G_H, db = (b * G_CO + o) * G_OH;
        for (int i = 0; i < G_OH; i++) {
            const int yy = i * G_SH - G_PH + u * G_DH;
            if (yy < 0 || yy >= G_H) continue;
            for (int j = 0; j < G_OW; j++) {
                const int xx = j * G_SW - G_PW + v * G_DW;
                if (xx < 0 || xx >= G_W) continue;
                acc = fma(x[(xb + yy) * G_W + xx], dy[(db + i) * G_OW + j], acc);
            }
        }
    }
    dw[idx] = acc;
}

// y[b,o,:,:] += bias[o] over y[n][c][hw].
__kernel void bias_add(const int len, const int c, const int hw, __global float* y, __global const float* bias) {
    const int i = get_global_id(0);
    if (i < len) y[i] += bias[(i / hw) % c];
}

// ---------------------------------------------------------------- elementwise (ReluKernels for relu)
__kernel void fill(const int len, __global float* y, const float value) {
    const int i = get_global_id(0);
    if (i < len) y[i] = value;
}

__kernel void add(const int len, __global const float* a, __global const float* b, __global float* y) {
    const int i = get_global_id(0);
    if (i < len) y[i] = a[i] + b[i];
}

__kernel void mul(const int len, __global const float* a, __global const float* b, __global float* y) {
    const int i = get_global_id(0);
    if (i < len) y[i] = a[i] * b[i];
}

// y = max(x, 0) (x > 0 ? x : 0, so -0 and NaN give 0 as ScalarRelu).
__kernel void relu(const int len, __global const float* x, __global float* y) {
    const int i = get_global_id(0);
    if (i < len) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

// dx = x > 0 ? dy : 0.
__kernel void relu_backward(const int len, __global const float* x, __global const float* dy, __global float* dx) {
    const int i = get_global_id(0);
    if (i < len) dx[i] = x[i] > 0.0f ? dy[i] : 0.0f;
}

// ---------------------------------------------------------------- reductions
// Sum of the WG values of one work group (called by every item of the group; ends with the group in step).
inline float group_sum(__local float* red, const float v) {
    const int lid = get_local_id(0);
    red[lid] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = WG / 2; s > 0; s >>= 1) {
        if (lid < s) red[lid] += red[lid + s];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    const float r = red[0];
    barrier(CLK_LOCAL_MEM_FENCE);
    return r;
}

// partial[group] = sum of x[i] over the i this group's items stride over (i = global id + k * global size).
__kernel void sum_partial(const int len, __global const float* x, __global float* partial) {
    __local float red[WG];
    float s = 0.0f;
    for (int i = get_global_id(0); i < len; i += get_global_size(0)) s += x[i];
    s = group_sum(red, s);
    if (get_local_id(0) == 0) partial[get_group_id(0)] = s;
}

// ---------------------------------------------------------------- batch norm (BatchNormKernels), optional fused ReLU
// One work group per channel c of x[n][c][hw]; M = n*hw. Writes y, mean[c], var[c] (biased).
__kernel void bn_forward_train(const int n, const int c, const int hw, __global const float* x, __global const float* gamma,
                               __global const float* beta, const float eps, const int relu,
                               __global float* y, __global float* mean, __global float* var) {
    __local float red[WG];
    const int ch = get_group_id(0), lid = get_local_id(0), m = n * hw;
    float s = 0.0f;
    for (int k = lid; k < m; k += WG) s += x[((k / hw) * c + ch) * hw + k % hw];
    const float mu = group_sum(red, s) / m;
    float q = 0.0f;
    for (int k = lid; k < m; k += WG) {
        const float d = x[((k / hw) * c + ch) * hw + k % hw] - mu;
        q = fma(d, d, q);
    }
    const float v = group_sum(red, q) / m;
    const float scale = gamma[ch] / sqrt(v + eps), shift = beta[ch];
    for (int k = lid; k < m; k += WG) {
        const int o = ((k / hw) * c + ch) * hw + k % hw;
        const float t = (x[o] - mu) * scale + shift;
        y[o] = relu && !(t > 0.0f) ? 0.0f : t;
    }
    if (lid == 0) { mean[ch] = mu; var[ch] = v; }
}

// Inference: y = gamma*(x - runningMean)/sqrt(runningVar + eps) + beta (then ReLU when relu); one item per element.
__kernel void bn_forward_eval(const int len, const int c, const int hw, __global const float* x, __global const float* gamma,
                              __global const float* beta, __global const float* rmean, __global const float* rvar,
                              const float eps, const int relu, __global float* y) {
    const int i = get_global_id(0);
    if (i >= len) return;
    const int ch = (i / hw) % c;
    const float a = gamma[ch] / sqrt(rvar[ch] + eps), t = x[i] * a + (beta[ch] - rmean[ch] * a);
    y[i] = relu && !(t > 0.0f) ? 0.0f : t;
}

// dx = gamma*s*(g - sum(g)/M - xhat*sum(g*xhat)/M), dgamma = sum(g*xhat), dbeta = sum(g), s = 1/sqrt(var + eps),
// where g = dy, or (y > 0 ? dy : 0) with relu (y = the fused forward's output). One work group per channel.
__kernel void bn_backward_train(const int n, const int c, const int hw, __global const float* x, __global const float* y,
                                __global const float* dy, __global const float* gamma, __global const float* mean,
                                __global const float* var, const float eps, const int relu,
                                __global float* dx, __global float* dgamma, __global float* dbeta) {
    __local float red[WG];
    const int ch = get_group_id(0), lid = get_local_id(0), m = n * hw;
    const float mu = mean[ch], s = 1.0f / sqrt(var[ch] + eps);
    float sdy = 0.0f, sdyx = 0.0f;
    for (int k = lid; k < m; k += WG) {
        const int o = ((k / hw) * c + ch) * hw + k % hw;
        const float gk = relu && !(y[o] > 0.0f) ? 0.0f : dy[o];
        sdy += gk;
        sdyx = fma(gk, x[o] - mu, sdyx);
    }
    sdy = group_sum(red, sdy);
    sdyx = group_sum(red, sdyx);
    const float dg = sdyx * s, gs = gamma[ch] * s;
    for (int k = lid; k < m; k += WG) {
        const int o = ((k / hw) * c + ch) * hw + k % hw;
        const float gk = relu && !(y[o] > 0.0f) ? 0.0f : dy[o];
        dx[o] = gs * (gk - sdy / m - (x[o] - mu) * s * dg / m);
    }
    if (lid == 0) { dgamma[ch] = dg; dbeta[ch] = sdy; }
}

// ---------------------------------------------------------------- max-pool 2x2 stride 2 (MaxPool2x2Kernels)
// y = max of each 2x2 window of x[n*c][h][w] (floor), argmax = flat index into x; scanning (0,0),(0,1),(1,0),(1,1),
// an element replaces the best when greater or NaN: the first maximum, or the last NaN, wins (as the CPU kernel).
__kernel void maxpool2_forward(const int nc, const int h, const int w, __global const float* x, __global float* y,
                               __global int* argmax) {
    const int oh = h / 2, ow = w / 2, k = get_global_id(0);
    if (k >= nc * oh * ow) return;
    const int j = k % ow, i = (k / ow) % oh, p = k / (ow * oh);
    const int r0 = (p * h + 2 * i) * w, r1 = r0 + w;
    int best = r0 + 2 * j;
    float mx = x[best];
    for (int q = 1; q < 4; q++) {
        const int t = (q < 2 ? r0 : r1) + 2 * j + (q & 1);
        if (x[t] > mx || isnan(x[t])) { mx = x[t]; best = t; }
    }
    y[k] = mx;
    argmax[k] = best;
}

// dx[t] = dy[k] where argmax[k] == t, else 0; one item per dx element (windows do not overlap: no races).
__kernel void maxpool2_backward(const int nc, const int h, const int w, __global const float* dy,
                                __global const int* argmax, __global float* dx) {
    const int t = get_global_id(0);
    if (t >= nc * h * w) return;
    const int oh = h / 2, ow = w / 2, xx = t % w, yy = (t / w) % h, p = t / (w * h);
    const int i = yy / 2, j = xx / 2;
    float r = 0.0f;
    if (i < oh && j < ow) {
        const int k = (p * oh + i) * ow + j;
        if (argmax[k] == t) r = dy[k];
    }
    dx[t] = r;
}

// ---------------------------------------------------------------- channel copies (concat and its backward, slice)
// dst[b, dstC0 + ch, :] = src[b, srcC0 + ch, :] for ch < count, b < n; planes of hw elements.
__kernel void channel_copy(const int n, const int hw, const int count, __global const float* src, const int srcC,
                           const int srcC0, __global float* dst, const int dstC, const int dstC0) {
    const int idx = get_global_id(0);
    if (idx >= n * count * hw) return;
    const int i = idx % hw, ch = (idx / hw) % count, b = idx / (hw * count);
    dst[(b * dstC + dstC0 + ch) * hw + i] = src[(b * srcC + srcC0 + ch) * hw + i];
}

// ---------------------------------------------------------------- softmax and cross-entropy over channels
// p[b,:,i] = softmax over the c channels of z[b,:,i] (z: n x c x hw); one item per pixel.
__kernel void softmax_channels(const int n, const int c, const int hw, __global const float* z, __global float* p) {
    const int idx = get_global_id(0);
    if (idx >= n * hw) return;
    const int base = (idx / hw) * c * hw + idx % hw;
    float mx = z[base];
    for (int k = 1; k < c; k++) mx = fmax(mx, z[base + k * hw]);
    float s = 0.0f;
    for (int k = 0; k < c; k++) s += exp(z[base + k * hw] - mx);
    for (int k = 0; k < c; k++) p[base + k * hw] = exp(z[base + k * hw] - mx) / s;
}

// Mean cross-entropy over the P = n*hw pixels, fused with its gradient:
// loss[pixel] = logsumexp(z) - z[label] (summed afterwards, divided by P on the host);
// One pixel of softmax cross-entropy over c classes hw apart from base: writes dz = (softmax(z) − onehot(label))·inv
// and returns the pixel's loss −log softmax(z)[label] (label in [0, c)).
float ce_pixel(const int c, const int hw, const int base, const int label, const float inv, __global const float* z,
               __global float* dz) {
    float mx = z[base];
    for (int k = 1; k < c; k++) mx = fmax(mx, z[base + k * hw]);
    float s = 0.0f;
    for (int k = 0; k < c; k++) s += exp(z[base + k * hw] - mx);
    for (int k = 0; k < c; k++) dz[base + k * hw] = (exp(z[base + k * hw] - mx) / s - (k == label ? 1.0f : 0.0f)) * inv;
    return log(s) + mx - z[base + label * hw];
}

// dz[b,k,i] = (softmax(z)[k] - [k == label]) / P. labels: int class ids in [0, c), n x hw (others give NaN).
__kernel void cross_entropy(const int n, const int c, const int hw, __global const float* z, __global const int* labels,
                            __global float* loss, __global float* dz) {
    const int idx = get_global_id(0);
    if (idx >= n * hw) return;
    const int base = (idx / hw) * c * hw + idx % hw, label = labels[idx];
    const float inv = 1.0f / (float) (n * hw);
    if (label < 0 || label >= c) {   // an id outside [0, c): NaN value and gradient, never a read out of bounds
        loss[idx] = NAN;
        for (int k = 0; k < c; k++) dz[base + k * hw] = NAN;
        return;
    }
    loss[idx] = ce_pixel(c, hw, base, label, inv, z, dz);
}

// ---------------------------------------------------------------- Adam (nn.optim.Adam; amsgrad not supported)
// g' = g + wd*w (Adam) or w *= 1 - lr*wd (AdamW, decoupled); m = b1*m + (1-b1)*g'; v = b2*v + (1-b2)*g'^2;
// w -= stepSize * m / (sqrt(v)/bc2Sqrt + eps), stepSize = lr/(1 - b1^t), bc2Sqrt = sqrt(1 - b2^t) from the host.
__kernel void adam_step(const int len, __global float* w, __global const float* g, __global float* m, __global float* v,
                        const float lr, const float b1, const float b2, const float eps, const float wd,
                        const int decoupled, const float stepSize, const float bc2Sqrt) {
    const int i = get_global_id(0);
    if (i >= len) return;
    float wi = w[i], gi = g[i];
    if (decoupled) wi *= 1.0f - lr * wd;
    else gi = fma(wd, wi, gi);
    const float mi = b1 * m[i] + (1.0f - b1) * gi, vi = b2 * v[i] + (1.0f - b2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] = wi - stepSize * mi / (sqrt(vi) / bc2Sqrt + eps);
}

// ---------------------------------------------------------------- device tensors (the autodiff backend, ClBackend)
// y[i] = x[i] (dst of at least len elements).
__kernel void copy(const int len, __global const float* x, __global float* y) {
    const int i = get_global_id(0);
    if (i < len) y[i] = x[i];
}

// y = x * s[0]: a gradient scaled by an upstream scalar that stays on the device.
__kernel void scale_by(const int len, __global const float* x, __global const float* s, __global float* y) {
    const int i = get_global_id(0);
    if (i < len) y[i] = x[i] * s[0];
}

// y[i] = s[0] (the gradient of a full sum).
__kernel void broadcast_scalar(const int len, __global const float* s, __global float* y) {
    const int i = get_global_id(0);
    if (i < len) y[i] = s[0];
}

// out[ch] = sum over b, i of g[b, ch, i] (g: n x c x hw); one work group per channel (a bias gradient).
__kernel void channel_sum(const int n, const int c, const int hw, __global const float* g, __global float* out) {
    __local float red[WG];
    const int ch = get_group_id(0), lid = get_local_id(0), m = n * hw;
    float s = 0.0f;
    for (int k = lid; k < m; k += WG) s += g[((k / hw) * c + ch) * hw + k % hw];
    s = group_sum(red, s);
    if (lid == 0) out[ch] = s;
}

// running_mean = (1 - mom) running_mean + mom mean; running_var = (1 - mom) running_var + mom var * count/(count - 1).
__kernel void bn_running_update(const int c, __global const float* mean, __global const float* var,
                                __global float* rmean, __global float* rvar, const float mom, const float unbias) {
    const int i = get_global_id(0);
    if (i >= c) return;
    rmean[i] = (1.0f - mom) * rmean[i] + mom * mean[i];
    rvar[i] = (1.0f - mom) * rvar[i] + mom * var[i] * unbias;
}

// cross_entropy with float32 labels (class ids held as floats, as device tensors are float32) and the per-pixel loss
// already divided by P, so that its sum is the mean. A label that is not an integer in [0, c) gives NaN.
__kernel void cross_entropy_f(const int n, const int c, const int hw, __global const float* z, __global const float* labels,
                              __global float* loss, __global float* dz) {
    const int idx = get_global_id(0);
    if (idx >= n * hw) return;
    const int base = (idx / hw) * c * hw + idx % hw;
    const float lf = labels[idx];
    const int label = (int) lf;
    const float inv = 1.0f / (float) (n * hw);
    if (!(lf >= 0.0f) || lf != (float) label || label >= c) {
        loss[idx] = NAN;
        for (int k = 0; k < c; k++) dz[base + k * hw] = NAN;
        return;
    }
    loss[idx] = ce_pixel(c, hw, base, label, inv, z, dz) * inv;
}
