#!/usr/bin/env bash
# Maps of synthetic scenes at several sizes, in one process, on local[2] and on a standalone cluster
# of 2 one-core workers on 127.0.0.1 (issue 30): wall time, pixels/s and the peak resident memory
# (VmHWM) of the driver and of every executor, one line per map in OUT/map-sizes.csv.
# Usage: tools/scale/map-sizes.sh OUT RUN CORE_JAR SPARK_JAR [MODES] [SIZES]
#   MODES: any of one,local2,cluster (default: cluster,one,local2); SIZES: square sizes (default: 725 1450 2900)
# The cubes are written once to OUT/cubes (prism scene synth: 1.7 GB at 2900). A map already in the csv is
# skipped, so the script continues where it stopped; a map cut short is started again from nothing, since a
# continued map's time would cover only its rest. Each map's resident memory over time (driver, then each
# executor, MiB, every 2 s) goes to OUT/maps/SIZE-MODE.rss.
# Environment: TILE (tile side, default 256), EXECUTOR_OPTS (the executors' extra Java options, e.g.
# -Dprism.mallocPolicy=default), DRIVER_OPTS (the driver's extra Java options), NMT_EVERY (with
# DRIVER_OPTS=-XX:NativeMemoryTracking=summary: seconds between the driver's native-memory summaries,
# appended to OUT/maps/SIZE-MODE.nmt), TAG (appended to the mode's name in the csv and folders).
set -euo pipefail
out="${1:?usage: map-sizes.sh OUT RUN CORE_JAR SPARK_JAR [MODES] [SIZES]}"
run="${2:?RUN}"; core="${3:?CORE_JAR}"; spark="${4:?SPARK_JAR}"
modes="${5:-cluster,one,local2}"; sizes="${6:-725 1450 2900}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
java_opts=(-Xmx8g -Dai.djl.offline=true)
read -r -a driver_opts <<< "${DRIVER_OPTS:-}"
csv="$out/map-sizes.csv"
mkdir -p "$out/cubes" "$out/maps"
[ -f "$csv" ] || echo "size,mode,pixels,seconds,pixels_per_s,driver_peak_mib,executor_peaks_mib,cpu,date" > "$csv"
cpu="$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo) (family $(awk -F': ' '/^cpu family/{print $2; exit}' /proc/cpuinfo) model $(awk -F': ' '/^model\t/{print $2; exit}' /proc/cpuinfo))"

tile="${TILE:-256}"; tag="${TAG:-}"
rss() { awk '/VmRSS/{print int($2/1024)}' "/proc/$1/status" 2>/dev/null || true; }
# the executors of this script's cluster: children of its workers (another cluster's, such as a test's, are not counted)
executors() {
  local w
  for f in "$out"/cluster/worker-*.pid; do
    [ -f "$f" ] || continue
    w="$(cat "$f")"
    pgrep -P "$w" -f CoarseGrainedExecutorBackend || true
  done
}
hwm() { awk '/VmHWM/{print int($2/1024)}' "/proc/$1/status" 2>/dev/null || true; }

# Samples the peak of the driver PID and of every executor JVM into FILE every second until the driver ends.
sample() { # pid file
  local pid="$1" file="$2"
  declare -A peak=()
  local n=0 t0; t0=$(date +%s)
  while kill -0 "$pid" 2>/dev/null; do
    if [ $((n % 2)) -eq 0 ]; then
      echo "$(( $(date +%s) - t0 )) $(rss "$pid") $(for e in $(executors); do printf '%s ' "$(rss "$e")"; done)" >> "${file%.peaks}.rss"
    fi
    n=$((n + 1))
    local d; d="$(hwm "$pid")"; [ -n "$d" ] && peak[driver]="$d"  # empty once the driver has exited
    for e in $(executors); do
      local v; v="$(hwm "$e")"; [ -n "$v" ] && peak[$e]="$v"
    done
    { echo "driver ${peak[driver]:-0}"; for k in "${!peak[@]}"; do [ "$k" = driver ] || echo "executor ${peak[$k]}"; done; } > "$file.tmp"
    mv "$file.tmp" "$file"
    sleep 1
  done
}

cluster_url=""
start_cluster() {
  [ -n "$cluster_url" ] && return
  export PRISM_SPARK_CLASSPATH="$spark:$here/spark/target/spark-home/jars/*" PRISM_SPARK_DIR="$out/cluster"
  "$here/spark/local-cluster.sh" stop > /dev/null 2>&1 || true
  cluster_url="$("$here/spark/local-cluster.sh" start 2 | grep -oE 'spark://[0-9.]+:[0-9]+' | head -1)"
  echo "standalone cluster at $cluster_url"
}
stop_cluster() { [ -z "$cluster_url" ] || "$here/spark/local-cluster.sh" stop > /dev/null 2>&1 || true; }
trap stop_cluster EXIT

for s in $sizes; do
  cube="$out/cubes/ip-$s.hdr"
  [ -f "${cube%.hdr}.img" ] || java "${java_opts[@]}" -jar "$core" scene synth --rows "$s" --cols "$s" --out "$cube" --overwrite
  for mode in ${modes//,/ }; do
    name="$mode$tag"
    if grep -q "^$s,$name," "$csv"; then echo "== $s $name done"; continue; fi
    dir="$out/maps/$s-$name"; rm -rf "$dir" "$dir.rss"
    case "$mode" in
      one) cmd=(java "${java_opts[@]}" ${driver_opts[@]+"${driver_opts[@]}"} -jar "$core" map) ;;
      local2) cmd=(java @"$here/spark/jvm.options" "${java_opts[@]}" ${driver_opts[@]+"${driver_opts[@]}"} -cp "$spark:$here/spark/target/spark-home/jars/*" dev.prism.cli.Main map --master 'local[2]') ;;
      cluster) start_cluster
        cmd=(java @"$here/spark/jvm.options" "${java_opts[@]}" ${driver_opts[@]+"${driver_opts[@]}"} -Dspark.executor.memory=2g ${EXECUTOR_OPTS:+"-Dspark.executor.extraJavaOptions=$EXECUTOR_OPTS"} -cp "$spark:$here/spark/target/spark-home/jars/*"
             dev.prism.cli.Main map --master "$cluster_url") ;;
      *) echo "unknown mode $mode (one, local2 or cluster)" >&2; exit 2 ;;
    esac
    for _ in $(seq 60); do [ -n "$(executors)" ] || break; sleep 1; done  # the last map's executors leave
    echo "== $s $mode: ${cmd[*]}"
    t0=$(date +%s.%N)
    "${cmd[@]}" --run "$run" --cube "$cube" --out "$dir" --tile-rows "$tile" --tile-cols "$tile" > "$dir.log" 2>&1 &
    pid=$!
    sample "$pid" "$dir.peaks" &
    if [ -n "${NMT_EVERY:-}" ]; then
      ( while kill -0 "$pid" 2>/dev/null; do
          { echo "== $(date -u +%T) rss $(rss "$pid") MiB"; jcmd "$pid" VM.native_memory summary 2>&1 | grep -E '^(Total|-)' ; } >> "$dir.nmt"
          sleep "$NMT_EVERY"
        done ) &
    fi
    wait "$pid"
    t1=$(date +%s.%N)
    sleep 2
    driver="$(awk '$1=="driver"{print $2}' "$dir.peaks")"
    execs="$(awk '$1=="executor"{printf "%s%s", sep, $2; sep=";"}' "$dir.peaks")"
    secs="$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['seconds'])" "$dir/map.json")"
    px=$((s * s))
    echo "$s,$name,$px,$secs,$(python3 -c "print(round($px/$secs))"),$driver,${execs:-},\"$cpu\",$(date -u +%Y-%m-%dT%H:%MZ)" >> "$csv"
    tail -1 "$csv"
  done
done
