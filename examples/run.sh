#!/usr/bin/env bash
# Builds and runs every example against this checkout (the tests run this script too, so the
# examples never rot). Usage: examples/run.sh [Example ...]   (default: all of them)
# PRISM_CLASSPATH, when set, is used instead of asking Maven (the test suite passes its own).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
if [ -z "${PRISM_CLASSPATH:-}" ]; then
  (cd "$root" && mvn -q -B -DskipTests -pl core compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2)
  PRISM_CLASSPATH="$root/core/target/classes:$(cat "$root/core/target/classpath.txt")"
fi
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in "$here"/*.java; do names+=("$(basename "$f" .java)"); done
fi
for name in "${names[@]}"; do
  echo "== example $name"
  java -Dai.djl.offline=true -cp "$PRISM_CLASSPATH" "$here/$name.java"
done
