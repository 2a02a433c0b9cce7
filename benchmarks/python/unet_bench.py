#!/usr/bin/env python3
"""PyTorch peer of `segrad bench`: the unet-small train step and inference (SPEC §3, §7), one JSON line out.

Same architecture as segrad's UNet (and shared/peers/torch_unet.py): levels of width base*2^l, each a block
[conv3x3 (no bias) -> BatchNorm2d -> ReLU] x 2, 2x2 max-pool down, ConvTranspose2d(k=2, s=2, bias) up, concat
[skip, up], 1x1 conv head with bias. Same step as segrad: zero_grad(set_to_none), forward, cross-entropy, backward,
Adam(lr=1e-3) step; BatchNorm in training mode. Inference: eval mode under torch.no_grad().
Reports medians after warm-up, GFLOP/s (2 per multiply-add of the convolutions only) and the peak RSS of the process
(ru_maxrss, the same quantity as VmHWM).

Usage: /usr/bin/python3 benchmarks/python/unet_bench.py [--threads 1] [--batch 4 --size 128 --base 16 --depth 4
       --steps 20 --warmup 5]

BLAS matters: Debian's python3-torch uses whichever libblas.so.3 the alternatives system selects. With only the
reference BLAS (package libblas3) the transposed convolutions (slow_conv_transpose2d, im2col + GEMM) make a step
~1.6x slower than with OpenBLAS (`apt-get install -y libopenblas0-pthread`). The report names the library ("blas"),
and the script re-executes itself with OPENBLAS_NUM_THREADS = --threads so that BLAS uses the same thread count.
"""
import argparse
import json
import os
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def block(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class UNet(nn.Module):
    def __init__(self, cin=1, classes=2, base=16, depth=4):
        super().__init__()
        w = [base * 2 ** l for l in range(depth)]
        self.down = nn.ModuleList([block(cin if l == 0 else w[l - 1], w[l]) for l in range(depth)])
        self.up = nn.ModuleList([nn.ConvTranspose2d(w[l], w[l - 1], 2, stride=2) for l in range(depth - 1, 0, -1)])
        self.dec = nn.ModuleList([block(w[l], w[l - 1]) for l in range(depth - 1, 0, -1)])
        self.head = nn.Conv2d(w[0], classes, 1)

    def forward(self, x):
        skips = []
        for l, blk in enumerate(self.down):
            if l > 0:
                x = F.max_pool2d(x, 2)
            x = blk(x)
            skips.append(x)
        skips.pop()
        for up, dec in zip(self.up, self.dec):
            x = dec(torch.cat([skips.pop(), up(x)], dim=1))
        return self.head(x)


def forward_flops(base, depth, size, cin=1, classes=2):
    """2 FLOPs per multiply-add of the convolutions of one image's forward pass (SPEC §7)."""
    w = [base * 2 ** l for l in range(depth)]
    f = 0
    for l in range(depth):
        px = (size >> l) ** 2
        f += px * w[l] * (cin if l == 0 else w[l - 1]) * 18 + px * w[l] * w[l] * 18
    for l in range(depth - 1, 0, -1):
        f += (size >> l) ** 2 * w[l] * w[l - 1] * 8
        px = (size >> (l - 1)) ** 2
        f += px * w[l - 1] * w[l] * 18 + px * w[l - 1] * w[l - 1] * 18
    return f + size * size * w[0] * classes * 2


def timed(fn, warmup, steps):
    for _ in range(warmup):
        fn()
    t = []
    for _ in range(steps):
        t0 = time.perf_counter()
        fn()
        t.append(time.perf_counter() - t0)
    return sorted(t)


def blas_library():
    """The BLAS/LAPACK shared libraries mapped into this process (resolved paths), or "unknown"."""
    torch.ones(8, 8) @ torch.ones(8, 8)
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
    except OSError:
        return "unknown"
    return ",".join(sorted({os.path.realpath(x) for x in libs})) or "unknown"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for name, default in [("batch", 4), ("size", 128), ("base", 16), ("depth", 4), ("threads", 1), ("steps", 20), ("warmup", 5)]:
        p.add_argument("--" + name, type=int, default=default)
    a = p.parse_args()
    if os.environ.get("OPENBLAS_NUM_THREADS") != str(a.threads):
        # OpenBLAS reads its thread count once, when it is loaded: restart with it set.
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, OPENBLAS_NUM_THREADS=str(a.threads)))
    torch.manual_seed(0)
    torch.set_num_threads(a.threads)
    m = UNet(base=a.base, depth=a.depth)
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    x = torch.randn(a.batch, 1, a.size, a.size)
    y = (torch.rand(a.batch, a.size, a.size) > 0.7).long()

    def step():
        m.train()
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(m(x), y)
        loss.backward()
        opt.step()

    def infer():
        m.eval()
        with torch.no_grad():
            m(x)

    train = timed(step, a.warmup, a.steps)
    inf = timed(infer, a.warmup, a.steps)
    fwd = forward_flops(a.base, a.depth, a.size) * a.batch / 1e9
    med, imed = train[len(train) // 2], inf[len(inf) // 2]
    print(json.dumps(dict(
        engine="pytorch-" + torch.__version__, blas=blas_library(), threads=a.threads, batch=a.batch, size=a.size, base=a.base, depth=a.depth,
        params=sum(q.numel() for q in m.parameters()), steps=a.steps, warmup=a.warmup,
        train_gflop_per_step=3 * fwd, infer_gflop_per_batch=fwd,
        train_step_median_s=med, train_step_min_s=train[0], train_gflops_per_s=3 * fwd / med,
        infer_median_s=imed, infer_min_s=inf[0], infer_gflops_per_s=fwd / imed,
        peak_rss_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0)))


if __name__ == "__main__":
    main()
