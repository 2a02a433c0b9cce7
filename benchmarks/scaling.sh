#!/usr/bin/env bash
# How the unet-small train step scales with the image size and the batch (issue 14): the step at 128², 256², 512²
# (batch 4) and at batch 16 (128²), each in its own process so that each peak RSS (VmHWM) is that configuration's
# alone; then the inference latency of one 512² image at 1 and 2 threads. Prints a Markdown table: seconds per step,
# milliseconds per megapixel and that cost relative to the 128² batch-4 step (1.00 = linear in pixels).
#
# Usage: benchmarks/scaling.sh [THREADS=1] [STEPS=10] [WARMUP=5]     (JVM flags: SEGRAD_JAVA_OPTS, as for ./segrad)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
threads="${1:-1}"; steps="${2:-10}"; warmup="${3:-5}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$root/segrad" --version >/dev/null   # builds the CLI once, outside the timed runs
run() {   # name batch size threads [extra flags]
  "$root/segrad" bench --json --batch "$2" --size "$3" --threads "$4" --steps "$steps" --warmup "$warmup" \
      --profile-steps 0 "${@:5}" 2>/dev/null > "$out/$1.json"
}
for cfg in "b4s128 4 128" "b4s256 4 256" "b16s128 16 128" "b4s512 4 512"; do
  set -- $cfg
  echo "train step: batch $2, ${3}², $threads thread(s)..." >&2
  run "$1" "$2" "$3" "$threads" --no-inference
done
echo "inference: one 512² image at 1 and 2 threads..." >&2
run infer512 1 512 1,2
python3 - "$out" "$threads" <<'PY'
import json, os, sys
out, threads = sys.argv[1], sys.argv[2]
def load(name): return json.load(open(os.path.join(out, name + ".json")))
rows = []
for name in ["b4s128", "b4s256", "b16s128", "b4s512"]:
    d = load(name); r = d["runs"][0]
    mpix = d["batch"] * d["size"] ** 2 / 1e6
    rows.append((d["batch"], d["size"], r["train_step_median_s"], 1000 * r["train_step_median_s"] / mpix, d["peak_rss_mib"], r["train_pct_of_fma_peak"]))
base = rows[0][3]
print(f"| batch | image | step s ({threads} thread(s)) | ms per Mpixel | vs 128² batch 4 (1.00 = linear) | % of FMA peak | peak RSS MiB |")
print("|---|---|---|---|---|---|---|")
for b, s, t, per, rss, pct in rows:
    print(f"| {b} | {s}² | {t:.3f} | {per:.1f} | {per / base:.2f} | {pct:.0f} % | {rss:.0f} |")
d = load("infer512")
print()
print("| inference, one 512² image | threads | latency s (median) | peak RSS MiB |")
print("|---|---|---|---|")
for r in d["runs"]:
    print(f"| batch 1 | {r['threads']} | {r['infer_median_s']:.4f} | {d['peak_rss_mib']:.0f} |")
PY
