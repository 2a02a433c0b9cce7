#!/usr/bin/python3
"""Regenerates the safetensors fixtures of SafetensorsFixturesTest (run: /usr/bin/python3 make_fixtures.py, here).

The `safetensors` package is not installed here, so the files are written with struct + json exactly as the format
and the reference writer describe: u64 little-endian header length; compact UTF-8 JSON with "__metadata__" first;
tensors ordered by dtype alignment descending (I64, F64, F32, U8 in the reference enum order), then by name; header
padded with spaces to a multiple of 8; then the raw little-endian buffers back to back.
"""
import json
import struct

import torch

DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64", torch.uint8: "U8"}
RANK = {"U8": 0, "F32": 1, "F64": 2, "I64": 3}

tensors = {
    "conv.weight": torch.arange(24, dtype=torch.float32).reshape(2, 3, 2, 2) / 8 - 1,
    "bn.num_batches_tracked": torch.tensor(7, dtype=torch.int64),
    "bn.running_var": torch.tensor([0.5, 1.0, 1e-300], dtype=torch.float64),
    "head.bias": torch.tensor([0.25, -3.5], dtype=torch.float32),
    "empty": torch.zeros((0, 4), dtype=torch.float32),
    "mask": torch.tensor([[0, 1], [254, 255]], dtype=torch.uint8),
    "caf\u00e9": torch.tensor([1.0], dtype=torch.float32),
}
metadata = {"format": "pt", "note": "quote \" backslash \\ newline \n tab \t"}


def serialize(entries, metadata, pad_to=8):
    header = {}
    if metadata is not None:
        header["__metadata__"] = dict(sorted(metadata.items()))
    offset = 0
    blobs = []
    for name, t in entries:
        data = t.contiguous().numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((pad_to - len(text) % pad_to) % pad_to)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


reference_order = sorted(tensors.items(), key=lambda kv: (-RANK[DTYPES[kv[1].dtype]], kv[0].encode("utf-8")))
with open("state.safetensors", "wb") as f:
    f.write(serialize(reference_order, metadata))

# An older writer's layout: buffers in plain name order, JSON keys in reverse, header padded to 64, no metadata.
by_name = sorted(tensors.items(), key=lambda kv: kv[0])
blob = serialize(by_name, None, pad_to=64)
n = struct.unpack("<Q", blob[:8])[0]
header = json.loads(blob[8:8 + n].decode("utf-8"))
text = json.dumps(dict(reversed(list(header.items()))), separators=(", ", ": "), ensure_ascii=False).encode("utf-8")
text += b" " * ((64 - len(text) % 64) % 64)
with open("legacy_order.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(text)) + text + blob[8 + n:])
