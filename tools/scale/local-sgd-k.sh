#!/usr/bin/env bash
# How local SGD's accuracy depends on the local steps k (issue 30): one network trained in one process, then by
# WORKERS workers taking turns in this process, averaging every k batches, same data, seed and epochs.
# Usage: tools/scale/local-sgd-k.sh OUT [MODEL] [WORKERS] [EPOCHS] [JAR] [K...]   (defaults: cnn2d 4 10 ./prism 1 2 4)
# Finished runs are kept; prints OA/AA per k.
set -euo pipefail
out="${1:?usage: local-sgd-k.sh OUT [MODEL] [WORKERS] [EPOCHS] [JAR] [K...]}"
model="${2:-cnn2d}"
workers="${3:-4}"
epochs="${4:-10}"
jar="${5:-}"
shift $(( $# < 5 ? $# : 5 ))
ks=("$@")
[ ${#ks[@]} -gt 0 ] || ks=(1 2 4)
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
prism() { if [ -n "$jar" ]; then java -Xmx8g -Dai.djl.offline=true -jar "$jar" "$@"; else "$here/prism" "$@"; fi; }
common=(--task hsi --model "$model" --epochs "$epochs" --seed 1)
train() { # dir options...
  local dir="$1"; shift
  [ -f "$dir/results.json" ] && return
  rm -rf "$dir"
  prism train --out "$dir" "${common[@]}" "$@" > "$dir.log" 2>&1
}
mkdir -p "$out"
train "$out/one-process"
for k in "${ks[@]}"; do train "$out/workers$workers-k$k" --workers "$workers" --local-steps "$k"; done
for d in "$out/one-process" "$out"/workers*-k*/; do
  d="${d%/}"
  python3 -c "
import json, sys
r = json.load(open(sys.argv[1] + '/results.json')); t = r['test']
print(f\"{sys.argv[1].rsplit('/', 1)[1]}: OA {t['oa']:.2f} AA {t['aa']:.2f} Kappa {t['kappa']:.2f}, train {r['trainSeconds']:.0f} s\")" "$d"
done
