"""Regenerates losses/src/test/resources/golden/losses.txt: every loss evaluated by PyTorch in float64.

Run from the repository root with Debian's PyTorch:  /usr/bin/python3 losses/src/test/python/make_golden.py
CI never runs this; the committed .txt file is the fixture. CE, weights and ignore_index are PyTorch's own
F.cross_entropy; the others are written here in torch from docs/losses.md (independently of the Java code), and the
gradients come from torch.autograd. Format: 'logits <dims>' / 'labels <dims>' followed by a line of values, then per
case a line 'case <loss> <k=v;k=v or ->' and lines 'loss <value>' and 'grad <values>'.
"""
import os
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "golden", "losses.txt")
EPS = 1e-30
IGNORE = 255


def setup():
    torch.manual_seed(5)
    z = 2.5 * torch.randn(2, 3, 4, 4)
    y = torch.randint(0, 3, (2, 4, 4))
    y[1][y[1] == 2] = 1            # class 2 absent from image 1
    y[0, 0, 0] = IGNORE            # one ignored pixel (only used with ignore-index)
    return z, y


def one_hot(y, c, ignore):
    m = (y != ignore) if ignore is not None else torch.ones_like(y, dtype=torch.bool)
    yy = torch.where(m, y, torch.zeros_like(y))
    oh = F.one_hot(yy, c).permute(0, 3, 1, 2).double() * m.unsqueeze(1)
    return oh, m.unsqueeze(1).double()


def ce(z, y, o):
    ig = int(o["ignore-index"]) if "ignore-index" in o else None
    w = torch.tensor([float(v) for v in o["weights"].split(",")]) if "weights" in o else None
    if ig is None:
        return F.cross_entropy(z, y, weight=w)
    return F.cross_entropy(z, y, weight=w, ignore_index=ig)


def overlap(z, y, o, k, e, a, b, q):
    c = z.shape[1]
    ig = int(o["ignore-index"]) if "ignore-index" in o else None
    oh, m = one_hot(y, c, ig)
    p = z.softmax(1)
    axes = (0, 2, 3) if o.get("reduce", "batch") == "batch" else (2, 3)
    tp = (p * oh).sum(axes)
    g = oh.sum(axes)
    pp = ((p * m) ** q).sum(axes) if q == 2 else (p * m).sum(axes)
    den = e * tp + a * pp + b * g + float(o.get("smooth-dr", 0))
    r = (k * tp + float(o.get("smooth-nr", 0))) / den
    keep = torch.ones_like(g, dtype=torch.bool)
    if o.get("include-background", "true") == "false":
        keep[..., 0] = False
    if o.get("empty", "skip") == "skip":
        keep &= g > 0
    return 1 - r[keep].mean() if keep.any() else z.sum() * 0


def dice(z, y, o):
    return overlap(z, y, o, 2, 0, 1, 1, 2 if o.get("squared") == "true" else 1)


def tversky(z, y, o):
    al, be = float(o.get("alpha", 0.5)), float(o.get("beta", 0.5))
    return overlap(z, y, o, 1, 1 - al - be, al, be, 1)


def focal(z, y, o):
    gamma = float(o.get("gamma", 2))
    logp = z.log_softmax(1)
    oh, _ = one_hot(y, z.shape[1], None)
    ell = -(logp * oh).sum(1)
    other = (z.softmax(1) * (1 - oh)).sum(1).clamp(min=EPS)
    alpha = torch.tensor([float(v) for v in o["alpha"].split(",")])[y] if "alpha" in o else torch.ones_like(ell)
    return (alpha * other ** gamma * ell).mean()


def caml(z, y, o):
    c = z.shape[1]
    ld = dice(z, y, o)
    d = 1 - ld
    p = z.softmax(1)
    oh, _ = one_hot(y, c, None)
    k = oh if o.get("confidence", "true-class") == "true-class" else F.one_hot(p.argmax(1), c).permute(0, 3, 1, 2).double()
    other = (p * (1 - k)).sum(1)
    detach = o.get("detach", "true") == "true"
    if o.get("granularity", "batch") == "batch":
        alpha = torch.exp(d * torch.log(other.mean().clamp(min=EPS)))
        alpha = alpha.detach() if detach else alpha
        return ld * torch.exp(alpha * torch.log(ce(z, y, {}).clamp(min=EPS)))
    alpha = torch.exp(d * torch.log(other.clamp(min=EPS)))
    alpha = alpha.detach() if detach else alpha
    ell = -(z.log_softmax(1) * oh).sum(1)
    return ld * torch.exp(alpha * torch.log(ell.clamp(min=EPS))).mean()


CASES = [
    ("ce", {}), ("ce", {"weights": "0.5,1,2"}), ("ce", {"ignore-index": "255", "weights": "1,2,3"}),
    ("dice", {}), ("dice", {"reduce": "image"}), ("dice", {"reduce": "image", "empty": "include"}),
    ("dice", {"squared": "true", "include-background": "false"}), ("dice", {"smooth-nr": "1e-5", "smooth-dr": "1e-5"}),
    ("dice", {"ignore-index": "255"}),
    ("ce+dice", {"lambda": "0.7"}), ("focal", {}), ("focal", {"gamma": "0.5", "alpha": "0.25,0.5,1"}),
    ("tversky", {"alpha": "0.3", "beta": "0.7"}), ("ml", {}), ("ml", {"reduce": "image", "empty": "include"}),
    ("caml", {}), ("caml", {"detach": "false"}), ("caml", {"confidence": "max"}),
    ("caml", {"granularity": "pixel"}), ("caml", {"granularity": "pixel", "detach": "false", "reduce": "image"}),
]


def evaluate(name, z, y, o):
    if name == "ce":
        return ce(z, y, o)
    if name == "dice":
        return dice(z, y, o)
    if name == "ce+dice":
        return ce(z, y, o) + float(o["lambda"]) * dice(z, y, o)
    if name == "focal":
        return focal(z, y, o)
    if name == "tversky":
        return tversky(z, y, o)
    if name == "ml":
        return dice(z, y, o) * ce(z, y, o)
    return caml(z, y, o)


def main():
    z0, y0 = setup()
    y_plain = y0.clone()
    y_plain[0, 0, 0] = 0
    with open(OUT, "w") as f:
        f.write("logits " + " ".join(map(str, z0.shape)) + "\n" + " ".join(repr(v) for v in z0.reshape(-1).tolist()) + "\n")
        f.write("labels " + " ".join(map(str, y0.shape)) + "\n" + " ".join(str(v) for v in y0.reshape(-1).tolist()) + "\n")
        for name, o in CASES:
            y = y0 if "ignore-index" in o else y_plain
            z = z0.clone().requires_grad_(True)
            loss = evaluate(name, z, y, o)
            loss.backward()
            opts = ";".join(k + "=" + v for k, v in o.items()) or "-"
            f.write("case " + name + " " + opts + "\n")
            f.write("loss " + repr(loss.item()) + "\n")
            f.write("grad " + " ".join(repr(v) for v in z.grad.reshape(-1).tolist()) + "\n")


if __name__ == "__main__":
    main()
