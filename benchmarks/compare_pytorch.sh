#!/usr/bin/env bash
# segrad vs PyTorch on the unet-small train step, inference and peak RSS (issue 7, SPEC §7).
# Runs `segrad bench` and benchmarks/python/unet_bench.py alternately, ROUNDS times each, at every thread count
# (each run is its own process, so each peak RSS is one process's VmHWM / ru_maxrss), then prints the medians and the
# ratio segrad / PyTorch (< 1: segrad is faster or smaller).
#
# Usage: benchmarks/compare_pytorch.sh [ROUNDS=3] [THREADS="1 2"] [STEPS=20] [WARMUP=5]
#   JVM flags: SEGRAD_JAVA_OPTS (passed on to ./segrad; unset = the launcher's defaults, as a user runs it)
#   python: PYTHON (default /usr/bin/python3, Debian's python3-torch; install libopenblas0-pthread too, or PyTorch runs
#   its transposed convolutions on the reference BLAS, ~1.6x slower per step: the report names the BLAS it used)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"; threads="${2:-1 2}"; steps="${3:-20}"; warmup="${4:-5}"
py="${PYTHON:-/usr/bin/python3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$root/segrad" --version >/dev/null   # builds the CLI once, outside the timed runs
echo "segrad JVM options: ${SEGRAD_JAVA_OPTS:-launcher defaults ($(grep -o 'SEGRAD_JAVA_OPTS:-[^}]*' "$root/segrad" | cut -d- -f2-))}; $("$py" -c 'import torch; print("torch", torch.__version__)')" >&2
for t in $threads; do
  for r in $(seq 1 "$rounds"); do
    echo "threads $t, round $r/$rounds: segrad..." >&2
    "$root/segrad" bench --json --threads "$t" --steps "$steps" --warmup "$warmup" --profile-steps 0 2>/dev/null > "$out/segrad-$t-$r.json"
    echo "threads $t, round $r/$rounds: pytorch..." >&2
    "$py" "$root/benchmarks/python/unet_bench.py" --threads "$t" --steps "$steps" --warmup "$warmup" > "$out/torch-$t-$r.json"
  done
done
"$py" - "$out" "$rounds" $threads <<'PY'
import json, statistics, sys, os
out, rounds, threads = sys.argv[1], int(sys.argv[2]), [int(t) for t in sys.argv[3:]]
def load(engine, t):
    rows = []
    for r in range(1, rounds + 1):
        d = json.load(open(os.path.join(out, f"{engine}-{t}-{r}.json")))
        if engine == "segrad":
            run = d["runs"][0]
            rows.append(dict(step=run["train_step_median_s"], infer=run["infer_median_s"], rss=d["peak_rss_mib"]))
        else:
            rows.append(dict(step=d["train_step_median_s"], infer=d["infer_median_s"], rss=d["peak_rss_mib"]))
    return rows
blas = {json.load(open(os.path.join(out, f"torch-{t}-1.json"))).get("blas", "unknown") for t in threads}
print("PyTorch BLAS: " + "; ".join(sorted(blas)))
if any("openblas" not in b for b in blas):
    print("WARNING: PyTorch is not using OpenBLAS; its transposed convolutions are then several times slower "
          "(apt-get install -y libopenblas0-pthread)")
print(f"{'threads':>7} {'metric':>14} {'segrad':>10} {'pytorch':>10} {'ratio':>7}   per-round ratios (same round)")
for t in threads:
    s, p = load("segrad", t), load("torch", t)
    for key, label, unit in [("step", "train step", "s"), ("infer", "inference", "s"), ("rss", "peak RSS", "MiB")]:
        sm, pm = statistics.median(r[key] for r in s), statistics.median(r[key] for r in p)
        per = " ".join(f"{a[key] / b[key]:.2f}" for a, b in zip(s, p))
        fmt = "{:10.4f}" if unit == "s" else "{:10.0f}"
        print(f"{t:>7} {label + ' ' + unit:>14} {fmt.format(sm)} {fmt.format(pm)} {sm / pm:7.2f}   {per}")
PY
