#!/usr/bin/env bash
# Local SGD against single-process training, same model, data, seed and epochs (issue 30):
# HybridSN on the bundled Indian Pines, one process; then 2 workers on local[2] averaging every K batches.
# Usage: tools/scale/local-sgd-vs-one.sh OUT [EPOCHS] [K] [CORE_JAR SPARK_JAR]
# (copies of core/target/prism.jar and spark/target/prism-spark.jar, so a rebuild does not change the code under a run;
# default: ./prism). Each run resumes when run again. Prints OA/AA/Kappa of both and the rounds' time split.
set -euo pipefail
out="${1:?usage: local-sgd-vs-one.sh OUT [EPOCHS] [K] [CORE_JAR SPARK_JAR]}"
epochs="${2:-10}"
k="${3:-2}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
core="${4:-}"
spark="${5:-}"
one() { if [ -n "$core" ]; then java -Xmx8g -Dai.djl.offline=true -jar "$core" "$@"; else "$here/prism" "$@"; fi; }
many() {
  if [ -n "$spark" ]; then
    java @"$here/spark/jvm.options" -Xmx8g -Dai.djl.offline=true -cp "$spark:$here/spark/target/spark-home/jars/*" dev.prism.cli.Main "$@"
  else "$here/prism" "$@"; fi
}
run() { # launcher dir where new-run-options...   (where: the options that say where it trains, also given on resume)
  local launcher="$1" dir="$2" where="$3"; shift 3
  if [ -f "$dir/results.json" ]; then echo "== $dir done"; return; fi
  # shellcheck disable=SC2086
  if [ -f "$dir/config.json" ]; then "$launcher" train --resume "$dir" $where; else "$launcher" train --out "$dir" $where "$@"; fi
}
common=(--task hsi --model hybridsn --epochs "$epochs" --seed 1)
mkdir -p "$out"
run one "$out/one-process" "" "${common[@]}"
run many "$out/local2-workers2-k$k" "--master local[2]" "${common[@]}" --workers 2 --local-steps "$k"
for d in "$out/one-process" "$out/local2-workers2-k$k"; do
  python3 - "$d" <<'PY'
import json, sys, csv, os
d = sys.argv[1]
r = json.load(open(os.path.join(d, "results.json")))
t = r["test"]
print(f"{os.path.basename(d)}: OA {t['oa']:.2f} AA {t['aa']:.2f} Kappa {t['kappa']:.2f}, train {r['trainSeconds']:.0f} s, peak {r['peakRssMiB']} MiB")
f = os.path.join(d, "rounds.csv")
if os.path.exists(f):
    rows = list(csv.DictReader(open(f)))
    wall = sum(float(x["seconds"]) for x in rows)
    slow = sum(float(x["slowest_worker_seconds"]) for x in rows)
    busy = sum(float(x["sum_worker_seconds"]) for x in rows)
    state = max(int(x["state_bytes_each_way"]) for x in rows)
    print(f"  {len(rows)} rounds: wall {wall:.0f} s; the workers computed {busy:.0f} s in all (the slowest of each round:"
          f" {slow:.0f} s summed); wall minus all computing: {wall - busy:.0f} s (broadcast, collect, averaging, when the"
          f" workers take turns in one process as on local[N]); state {state / 1e6:.1f} MB each way per worker")
PY
done
