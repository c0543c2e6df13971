#!/usr/bin/env bash
# Copies a study's report and the evidence behind it into docs/studies/NAME: study.md, study.json,
# its plots, the per-arm maps and evidence/ (each run's results.json with its confusion matrix,
# split.txt / folds.txt, config.json, metrics.csv): small text files and PNGs, no checkpoints.
# Usage: tools/studies/publish.sh STUDY_DIR NAME
set -euo pipefail
src="${1:?usage: publish.sh STUDY_DIR NAME}"
name="${2:?usage: publish.sh STUDY_DIR NAME}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ -f "$src/study.md" ] || { echo "publish: $src holds no study.md" >&2; exit 2; }
dst="$here/docs/studies/$name"
rm -rf "$dst" && mkdir -p "$dst"
cp "$src/study.md" "$src/study.json" "$dst/"
cp "$src"/*.png "$dst/" 2>/dev/null || true
[ -d "$src/maps" ] && cp -r "$src/maps" "$dst/"
[ -d "$src/evidence" ] && cp -r "$src/evidence" "$dst/"
echo "published $src to $dst ($(du -sh "$dst" | cut -f1))"
