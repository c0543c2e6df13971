#!/usr/bin/env bash
# Compiles prism_torch.cpp into <out-dir>/libprism_torch.so (run by Maven in process-classes):
#   src/main/native/build.sh <out-dir> <java-home>
# Needs only g++ and the JDK's JNI headers: libtorch is found at run time in the library DJL has
# loaded. Where there is no g++ or the platform is not linux-x86_64, it prints why and builds
# nothing; Prism then uses its DJL-only fallbacks (dev.prism.nn.TorchOps).
set -euo pipefail
out="$1"
java_home="$2"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/prism_torch.cpp"
lib="$out/libprism_torch.so"
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "prism native ops: not built (platform $(uname -s)-$(uname -m); only linux-x86_64 is supported)" >&2
  exit 0
fi
if ! command -v g++ > /dev/null; then
  echo "prism native ops: not built (no g++ on PATH); Prism will use DJL-only fallbacks" >&2
  exit 0
fi
if [ -f "$lib" ] && [ "$lib" -nt "$src" ] && [ "$lib" -nt "${BASH_SOURCE[0]}" ]; then
  exit 0
fi
mkdir -p "$out"
g++ -std=c++17 -O2 -fPIC -shared -Wall -Wextra -Werror \
  -I"$java_home/include" -I"$java_home/include/linux" \
  -o "$lib.tmp" "$src" -ldl
mv "$lib.tmp" "$lib"
