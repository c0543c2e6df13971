#!/usr/bin/env bash
# The finished runs of a study as small files (config, results with the confusion matrix, provenance,
# metrics, split, folds; a cross-validated run's pooled predictions and its folds too), no checkpoints or images: a folder another
# study can take those runs over from with --reuse, when the machine that trained them is gone.
# Usage: tools/studies/snapshot.sh STUDY_DIR DEST
set -euo pipefail
src="${1:?usage: snapshot.sh STUDY_DIR DEST}"
dst="${2:?usage: snapshot.sh STUDY_DIR DEST}"
copy() { # run folder -> destination folder
  mkdir -p "$2"
  for f in config.json results.json provenance.json metrics.csv split.txt folds.txt baseline.txt confusion.csv reused.txt provenance-note.txt predicted-cv.npy; do
    [ -f "$1/$f" ] && cp "$1/$f" "$2/"
  done
  for fold in "$1"/fold-*; do
    [ -d "$fold" ] && copy "$fold" "$2/$(basename "$fold")"
  done
  return 0
}
n=0
for run in "$src"/*/; do
  run="${run%/}"
  [ -f "$run/results.json" ] && [ -f "$run/config.json" ] || continue
  copy "$run" "$dst/$(basename "$run")"
  n=$((n + 1))
done
echo "snapshot: $n finished runs of $src in $dst"
