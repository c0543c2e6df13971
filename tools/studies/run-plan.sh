#!/usr/bin/env bash
# The study plan of docs/study-plan.md, in its order: each study resumes where it stopped (finished
# runs are kept), so this script continues the whole plan when run again, in any later session.
# Usage: tools/studies/run-plan.sh OUT_DIR [JAR]   (JAR: a copy of core/target/prism.jar, so that a
# rebuild of the checkout does not change the code under a running study; default: ./prism)
set -euo pipefail
out="${1:?usage: run-plan.sh OUT_DIR [JAR]}"
jar="${2:-}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
shared="${PRISM_SHARED:-$here/../shared}"
prism() {
  if [ -n "$jar" ]; then nice -n 10 java -Xmx8g -Dai.djl.offline=true -jar "$jar" "$@"; else nice -n 10 "$here/prism" "$@"; fi
}
mkdir -p "$out"
sa=(--scene salinas-a --data "$shared/data/salinas_a")
prism study hsi-2d-vs-3d --runs 5 --epochs 10 --out "$out/ip-2d-vs-3d"
prism study hsi-2d-vs-3d --runs 5 --epochs 10 "${sa[@]}" --out "$out/sa-2d-vs-3d"
prism study hsi-attention --runs 10 --epochs 10 --out "$out/ip-attention" --reuse "$out/ip-2d-vs-3d"
prism study hsi-repeat --runs 5 --epochs 10 --out "$out/ip-repeat" --reuse "$out/ip-2d-vs-3d,$out/ip-attention"
