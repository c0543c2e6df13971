#!/usr/bin/env bash
# Prism versus PyTorch eager, side by side on this machine, alternating rounds (and which side
# goes first):
#   bench/run.sh [--quick] [--only train,infer,job] [--rounds N] [--repeats N] [--autocast]
# --autocast: both sides train in bf16 mixed precision (PyTorch's CPU autocast, Prism's
# --precision bf16); inference stays fp32 on both.
# Installs the peer's Debian packages (python3-torch 1.13, torchvision, scipy, scikit-learn) with
# apt when missing, runs `prism bench` and bench/peer.py with the same thread count in turn (each
# section in its own process), then writes docs/bench/<date>.json and docs/bench/<date>.md and appends the table to docs/results-log.md
# (a --quick smoke run writes docs/bench/<date>-quick.* only: its numbers are not comparable).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
rounds=2
sections="train,infer,job"
args=()        # both sides
prism_args=()  # Prism only
peer_args=()   # the peer only
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --quick) args+=("--quick"); shift ;;
    --only) sections="$2"; shift 2 ;;
    --repeats) args+=("--repeats" "$2"); shift 2 ;;
    --autocast) peer_args+=("--autocast"); prism_args+=("--precision" "bf16"); shift ;;
    *) echo "bench/run.sh: unknown argument '$1' (use --quick, --only SECTIONS, --rounds N, --repeats N, --autocast)" >&2; exit 2 ;;
  esac
done
py=/usr/bin/python3
if ! "$py" -c "import torch, torchvision, scipy, sklearn" 2>/dev/null; then
  echo "bench: installing the PyTorch peer (Debian python3-torch, python3-torchvision, python3-scipy, python3-sklearn)" >&2
  apt-get install -y python3-torch python3-torchvision python3-scipy python3-sklearn >&2
fi
threads="$(nproc)"
date="$(date -u +%F)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./prism models > /dev/null  # build the jar before timing anything
# each section in a fresh process on both sides, so a section's peak memory is its own (a job
# measured after the inference section would start from that section's high-water mark)
torch_version="$("$py" -c 'import torch; print(torch.__version__)')"
run_prism() {
  echo "== round $1/$rounds, $2: Prism" >&2
  engines=()
  # inference also on ONNX Runtime: Prism's own export, and PyTorch's export of the same networks
  [ "$2" = infer ] && engines=(--engines djl,onnxruntime --onnx-dir "$work/onnx")
  PRISM_JAVA_OPTS="-Xmx8g -Dai.djl.pytorch.num_threads=$threads" ./prism bench ${args[@]+"${args[@]}"} ${prism_args[@]+"${prism_args[@]}"} \
    ${engines[@]+"${engines[@]}"} --only "$2" --out "$work/prism-$1-$2.json"
}
case ",$sections," in *,infer,*)
  echo "== PyTorch $torch_version exports the inference networks to ONNX" >&2
  "$py" bench/peer.py ${args[@]+"${args[@]}"} --export-onnx "$work/onnx" ;;
esac
run_peer() {
  echo "== round $1/$rounds, $2: PyTorch $torch_version" >&2
  "$py" bench/peer.py ${args[@]+"${args[@]}"} ${peer_args[@]+"${peer_args[@]}"} --only "$2" --threads "$threads" --out "$work/pytorch-$1-$2.json"
}
# odd rounds run Prism first, even rounds PyTorch first: a machine that speeds up or slows down
# during a round then favours neither side once rounds are pooled
for r in $(seq 1 "$rounds"); do
  for s in ${sections//,/ }; do
    if [ $((r % 2)) -eq 1 ]; then
      run_prism "$r" "$s"; run_peer "$r" "$s"
    else
      run_peer "$r" "$s"; run_prism "$r" "$s"
    fi
  done
done
mkdir -p docs/bench
machine="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $threads cores, $(free -g | awk '/Mem:/{print $2}') GiB"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
suffix=""
quick=""
for a in ${args[@]+"${args[@]}"}; do [ "$a" = "--quick" ] && suffix="-quick" && quick=yes; done
[ "$sections" = "train,infer,job" ] || suffix="-${sections//,/-}$suffix"
# never overwrite an earlier run of the same day
[ ! -e "docs/bench/$date$suffix.json" ] || suffix="$suffix-$(date -u +%H%M)"
"$py" bench/compare.py --date "$date" --machine "$machine" --command "bench/run.sh ${args[*]-} --only $sections ${peer_args[*]-} --rounds $rounds (commit $commit)" \
  --out-json "docs/bench/$date$suffix.json" --out-md "docs/bench/$date$suffix.md" "$work"/*.json > "$work/table.md"
if [ -z "$quick" ]; then {
  echo
  echo "### Prism vs PyTorch eager, $date$suffix"
  echo
  echo "Command: \`bench/run.sh ${args[*]-} --only $sections ${peer_args[*]-} --rounds $rounds\` at commit $commit; machine: $machine; $threads threads on both sides;"
  echo "$rounds alternating rounds pooled; raw figures in \`docs/bench/$date$suffix.json\`."
  echo
  cat "$work/table.md"
} >> docs/results-log.md; fi
cat "$work/table.md"
