#!/usr/bin/python3
"""PyTorch side of segrad's nn parity tests (run with /usr/bin/python3 from the repository root).

  make_unet_fixture.py generate   writes nn/src/test/resources/parity/ (committed):
      unet.index.txt + unet.bin      a small U-Net (base 4, depth 3, 1 -> 2 classes, input 2x1x16x16): initial state
                                     dict, input, labels; for float32 and float64: logits, cross-entropy, every
                                     parameter gradient, every parameter after one Adam step (lr 1e-3), buffers after
                                     the step (training-mode BatchNorm), then eval-mode logits (running statistics)
      optim.index.txt + optim.bin    SGD / Adam / AdamW trajectories, LR schedules, clip_grad_norm_ (float64)
      torch_unet_init.safetensors    the initial state dict as PyTorch would save it (num_batches_tracked I64)
  make_unet_fixture.py check FILE    loads a checkpoint written by segrad (the parity test writes
                                     nn/target/roundtrip/segrad_unet_adam1_f32.safetensors: the fixture U-Net after
                                     segrad's own forward/backward/Adam step) into the PyTorch twin with strict=True
                                     and compares it with PyTorch's own step.

Fixture format (no parser needed beyond split()): each index line is `name type shape offset count`, type F32/F64/I64,
shape `2x1x16x16` or `scalar`, offset in bytes into the .bin file, raw little-endian values.
safetensors files are written and read with struct + json (the `safetensors` package is not installed here).
"""
import json
import os
import struct
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "..", "shared", "peers"))
sys.path.insert(0, "/work/shared/peers")
from torch_unet import UNet  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "parity")
BASE, DEPTH, N, H = 4, 3, 2, 16
TYPES = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8"), torch.int64: ("I64", "<i8")}


class Fixture:
    def __init__(self):
        self.entries, self.blob = [], bytearray()

    def put(self, name, t):
        t = t.detach().contiguous().cpu()
        typ, _ = TYPES[t.dtype]
        data = t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        shape = "x".join(str(s) for s in t.shape) if t.dim() > 0 else "scalar"
        self.entries.append(f"{name} {typ} {shape} {len(self.blob)} {t.numel()}")
        self.blob += data

    def write(self, stem):
        with open(os.path.join(OUT, stem + ".bin"), "wb") as f:
            f.write(self.blob)
        with open(os.path.join(OUT, stem + ".index.txt"), "w") as f:
            f.write("\n".join(self.entries) + "\n")


def write_safetensors(path, state):
    """Reference layout: header keys sorted by dtype alignment (I64/F64 before F32) then name, padded to 8."""
    rank = {"F32": 1, "F64": 2, "I64": 3}
    items = sorted(state.items(), key=lambda kv: (-rank[TYPES[kv[1].dtype][0]], kv[0]))
    header, blobs, off = {"__metadata__": {"format": "pt"}}, [], 0
    for k, t in items:
        b = t.detach().contiguous().numpy().tobytes()
        header[k] = {"dtype": TYPES[t.dtype][0], "shape": list(t.shape), "data_offsets": [off, off + len(b)]}
        off += len(b)
        blobs.append(b)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def read_safetensors(path):
    import numpy as np
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    header.pop("__metadata__", None)
    np_types = {"F32": np.float32, "F64": np.float64, "I64": np.int64}
    out = {}
    for k, h in header.items():
        a, b = h["data_offsets"]
        arr = np.frombuffer(raw[8 + n + a:8 + n + b], dtype=np.dtype(np_types[h["dtype"]]).newbyteorder("<"))
        out[k] = torch.from_numpy(arr.copy().reshape(h["shape"]))
    return out


def initial_model_and_batch():
    torch.manual_seed(1234)
    model = UNet(1, 2, BASE, DEPTH)
    # Non-trivial BatchNorm affine parameters, so that their gradients are not all alike.
    with torch.no_grad():
        for mod in model.modules():
            if isinstance(mod, torch.nn.BatchNorm2d):
                mod.weight.copy_(1 + 0.2 * torch.randn_like(mod.weight))
                mod.bias.copy_(0.1 * torch.randn_like(mod.bias))
    x = torch.randn(N, 1, H, H)
    y = (torch.rand(N, H, H) > 0.6).long()
    return model, x, y


def one_step(model, x, y):
    """Training-mode forward, mean cross-entropy, backward, one Adam step (lr 1e-3, torch defaults)."""
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    opt.zero_grad()
    logits = model(x)
    loss = F.cross_entropy(logits, y)
    loss.backward()
    grads = {k: p.grad.clone() for k, p in model.named_parameters()}
    opt.step()
    return logits, loss, grads


def generate():
    os.makedirs(OUT, exist_ok=True)
    model, x, y = initial_model_and_batch()
    fx = Fixture()
    init = {k: v.clone() for k, v in model.state_dict().items()}
    for k, v in init.items():
        fx.put("init/" + k, v)
    fx.put("x", x)
    fx.put("y", y)
    write_safetensors(os.path.join(OUT, "torch_unet_init.safetensors"), init)
    for dt, tag in ((torch.float32, "f32"), (torch.float64, "f64")):
        m = UNet(1, 2, BASE, DEPTH)
        m.load_state_dict(init)
        m = m.to(dt)
        logits, loss, grads = one_step(m, x.to(dt), y)
        fx.put(f"{tag}/logits", logits)
        fx.put(f"{tag}/loss", loss)
        for k, g in grads.items():
            fx.put(f"{tag}/grad/{k}", g)
        for k, v in m.state_dict().items():
            fx.put(f"{tag}/after/{k}", v)
        m.eval()
        with torch.no_grad():
            fx.put(f"{tag}/eval_logits", m(x.to(dt)))
    fx.write("unet")
    generate_optim()
    print("wrote", OUT)


def generate_optim():
    fx = Fixture()
    torch.manual_seed(99)
    p0 = torch.randn(6, dtype=torch.float64)
    grads = [torch.randn(6, dtype=torch.float64) for _ in range(6)]
    fx.put("p0", p0)
    for i, g in enumerate(grads):
        fx.put(f"g{i}", g)
    configs = {
        "sgd": lambda p: torch.optim.SGD(p, lr=0.1),
        "sgd_momentum": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01),
        "sgd_nesterov": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
        "adam": lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01),
        "adam_amsgrad": lambda p: torch.optim.Adam(p, lr=0.01, amsgrad=True),
        "adamw": lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.1),
        "adamw_amsgrad": lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.1, amsgrad=True),
    }
    for name, make in configs.items():
        p = p0.clone().requires_grad_(True)
        opt = make([p])
        for i, g in enumerate(grads):
            p.grad = g.clone()
            opt.step()
            fx.put(f"{name}/step{i}", p)
    schedules = {
        "step": lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5),
        "cosine": lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=1e-4),
        "poly": lambda o: torch.optim.lr_scheduler.PolynomialLR(o, total_iters=10, power=0.9),
    }
    for name, make in schedules.items():
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
        sch = make(opt)
        lrs = []
        for _ in range(13):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            sch.step()
        fx.put(f"lr/{name}", torch.tensor(lrs, dtype=torch.float64))
    for norm_type, tag in ((2.0, "l2"), (float("inf"), "inf")):
        ps = [torch.zeros(3, 2, dtype=torch.float64, requires_grad=True), torch.zeros(4, dtype=torch.float64, requires_grad=True)]
        for p, g in zip(ps, (torch.randn(3, 2, dtype=torch.float64), torch.randn(4, dtype=torch.float64) * 3)):
            p.grad = g
        for i, p in enumerate(ps):
            fx.put(f"clip/{tag}/before{i}", p.grad.clone())
        total = torch.nn.utils.clip_grad_norm_(ps, max_norm=1.5, norm_type=norm_type)
        fx.put(f"clip/{tag}/total", total)
        for i, p in enumerate(ps):
            fx.put(f"clip/{tag}/after{i}", p.grad)
    fx.write("optim")


def check(path):
    """A segrad checkpoint of the fixture U-Net after one segrad Adam step must load into the twin and match."""
    state = read_safetensors(path)
    model, x, y = initial_model_and_batch()
    twin = UNet(1, 2, BASE, DEPTH)
    twin.load_state_dict(state, strict=True)  # raises on missing / unexpected / mis-shaped keys
    logits, loss, grads = one_step(model, x, y)
    worst = 0.0
    for k, v in model.state_dict().items():
        got = twin.state_dict()[k]
        assert got.dtype == v.dtype, f"{k}: dtype {got.dtype} but PyTorch has {v.dtype}"
        if v.dtype == torch.int64:
            assert torch.equal(got, v), f"{k}: {got} but PyTorch has {v}"
            continue
        diff = (got - v).abs()
        if k in grads:
            # Adam's first step is about lr·sign(g): where PyTorch's own gradient is within the gradient tolerance
            # of zero (|g| <= 1e-4·max|g|), float32 rounding may pick the other sign (same rule as UNetParityTest).
            g = grads[k]
            flat = g.abs() <= 1e-4 * g.abs().max()
            diff = torch.where(flat, (diff - 2e-3 * (1 + 1e-6)).clamp_min(0), diff)
        err = (diff.max() / v.abs().max().clamp_min(1e-30)).item()
        worst = max(worst, err)
        assert err <= 1e-4, f"{k}: relative error {err}"
    twin.eval()
    model.eval()
    with torch.no_grad():
        e = ((twin(x) - model(x)).abs().max() / model(x).abs().max()).item()
    assert e <= 1e-4, f"eval logits relative error {e}"
    print(f"OK: {path} loads into the PyTorch twin (strict); {len(state)} tensors, worst relative error {worst:.3g} "
          f"vs PyTorch's own Adam step, eval logits {e:.3g}")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "generate":
        generate()
    elif len(sys.argv) == 3 and sys.argv[1] == "check":
        check(sys.argv[2])
    else:
        sys.exit(__doc__)
