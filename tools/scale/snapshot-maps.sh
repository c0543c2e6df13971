#!/usr/bin/env bash
# Copies the small files of a map-sizes.sh output (csv, each map's map.json, provenance.json, counts.csv, header,
# peaks, memory over time and log without its progress bars) into DEST, for docs/scale/maps.
# Usage: tools/scale/snapshot-maps.sh OUT DEST
set -euo pipefail
out="${1:?usage: snapshot-maps.sh OUT DEST}"; dest="${2:?DEST}"
mkdir -p "$dest"
cp "$out/map-sizes.csv" "$dest/"
for d in "$out"/maps/*/; do
  n="$(basename "$d")"
  [ -f "$d/map.json" ] || continue
  mkdir -p "$dest/$n"
  for f in map.json provenance.json counts.csv classification.hdr; do [ -f "$d/$f" ] && cp "$d/$f" "$dest/$n/"; done
  for f in peaks rss; do [ -f "$out/maps/$n.$f" ] && cp "$out/maps/$n.$f" "$dest/$n/$f.txt"; done
  [ -f "$out/maps/$n.log" ] && tr '\r' '\n' < "$out/maps/$n.log" | grep -v '\] [0-9]*/[0-9]* ' > "$dest/$n/log.txt" || true
done
