"""Regenerates autodiff/src/test/resources/golden/*.txt: composite expressions evaluated by PyTorch in float64.

Run from the repository root with Debian's PyTorch:  /usr/bin/python3 autodiff/src/test/python/make_golden.py
CI never runs this; the committed .txt files are the fixture. Format: for each tensor a line
'<name> <dim> <dim> ...' followed by one line of space-separated values (row-major, repr precision).
Inputs are generated here from a fixed seed and written too, so Java reads them rather than re-deriving them.
"""
import os
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "golden")


def write(name, tensors):
    with open(os.path.join(OUT, name), "w") as f:
        for key, t in tensors.items():
            t = t.detach().to(torch.float64)
            f.write(key + " " + " ".join(str(d) for d in t.shape) + "\n")
            f.write(" ".join(repr(float(v)) for v in t.reshape(-1).tolist()) + "\n")


def leaf(*shape, lo=-1.0, hi=1.0):
    return (lo + (hi - lo) * torch.rand(*shape)).requires_grad_(True)


def conv_net():
    """conv3x3(bias) -> batch-norm (training) -> relu -> maxpool2 -> conv-transpose 2x2 s2 -> softmax cross-entropy."""
    torch.manual_seed(1)
    x = leaf(2, 2, 6, 6)
    w1, b1 = leaf(3, 2, 3, 3), leaf(3)
    gamma, beta = leaf(3, lo=0.5, hi=1.5), leaf(3)
    w2, b2 = leaf(3, 2, 2, 2), leaf(2)
    labels = torch.randint(0, 2, (2, 6, 6))
    rm, rv = torch.zeros(3), torch.ones(3)
    h = F.conv2d(x, w1, b1, padding=1)
    h = F.batch_norm(h, rm, rv, gamma, beta, training=True, momentum=0.1, eps=1e-5)
    h = F.max_pool2d(F.relu(h), 2)
    logits = F.conv_transpose2d(h, w2, b2, stride=2)
    loss = F.cross_entropy(logits, labels)
    loss.backward()
    write("conv_net.txt", {"x": x, "w1": w1, "b1": b1, "gamma": gamma, "beta": beta, "w2": w2, "b2": b2,
                           "labels": labels.double(), "logits": logits, "loss": loss,
                           "running_mean": rm, "running_var": rv,
                           "grad_x": x.grad, "grad_w1": w1.grad, "grad_b1": b1.grad, "grad_gamma": gamma.grad,
                           "grad_beta": beta.grad, "grad_w2": w2.grad, "grad_b2": b2.grad})


def elementwise():
    """Broadcasting arithmetic and the smooth unary ops, reduced with sum/mean/max."""
    torch.manual_seed(2)
    a, b, c = leaf(3, 1, 4), leaf(2, 1), leaf(4, lo=0.5, hi=2.0)
    y = torch.sigmoid(a) * torch.tanh(b) / (1 + torch.exp(a)) + torch.log(c) ** 2 - torch.sqrt(c) * a.abs()
    z = y.clamp(-0.5, 0.8).sum(dim=(0, 2)) + y.mean(dim=2).amax(dim=0) + F.relu(y).mean()
    loss = (z * torch.arange(1.0, 3.0)).sum()
    loss.backward()
    write("elementwise.txt", {"a": a, "b": b, "c": c, "loss": loss, "grad_a": a.grad, "grad_b": b.grad, "grad_c": c.grad})


def shapes_and_matmul():
    """pad, slice, concat, permute, reshape, batched matmul, softmax, dilated strided conv, avg-pool."""
    torch.manual_seed(3)
    x, w = leaf(2, 3, 4), leaf(4, 5)
    img, k = leaf(1, 2, 7, 7), leaf(2, 2, 3, 3)
    h = torch.cat([F.pad(x, (1, 0)), x[:, :, :1]], dim=2)          # [2, 3, 6]
    h = h.permute(1, 0, 2).reshape(3, 12)[:, :4]                   # [3, 4]
    m = torch.softmax(torch.matmul(x, w), dim=-1)                  # [2, 3, 5]
    g = F.avg_pool2d(F.conv2d(img, k, stride=2, padding=1, dilation=2), 2, stride=1)
    loss = (h ** 2).sum() + (m * torch.linspace(-1, 1, 5)).sum() + (g ** 3).mean()
    loss.backward()
    write("shapes_matmul.txt", {"x": x, "w": w, "img": img, "k": k, "loss": loss,
                                "grad_x": x.grad, "grad_w": w.grad, "grad_img": img.grad, "grad_k": k.grad})


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    conv_net()
    elementwise()
    shapes_and_matmul()
    print("wrote", sorted(os.listdir(OUT)))
