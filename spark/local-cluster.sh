#!/usr/bin/env bash
# A standalone Spark cluster on this machine, on 127.0.0.1 only, from the project's own jars:
#   spark/local-cluster.sh start N    starts a master and N workers (1 core each; 0: a master alone) and prints the master URL
#   spark/local-cluster.sh stop       stops the workers, their executors and the master
#   spark/local-cluster.sh kill-worker I   kills worker I (1..N) and its executors at once, as a lost machine
# Class path: PRISM_SPARK_CLASSPATH, or spark/target/prism-spark.jar and spark/target/spark-home/jars
# (mvn -B -DskipTests package builds both). State, logs and the Spark home it makes: PRISM_SPARK_DIR
# (default spark/target/local-cluster). Worker memory: PRISM_SPARK_WORKER_MEMORY (default 3g).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${PRISM_SPARK_DIR:-$here/target/local-cluster}"
cp="${PRISM_SPARK_CLASSPATH:-$here/target/prism-spark.jar:$here/target/spark-home/jars/*}"
export SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.13 SPARK_HOME="$dir/spark-home"

die() { echo "local-cluster: $*" >&2; exit 2; }

# A Spark home the workers can launch executors from: RELEASE and jars/ (links to every jar of the class path).
make_home() {
  rm -rf "$SPARK_HOME" && mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf"
  echo "Spark (Prism local cluster)" > "$SPARK_HOME/RELEASE"
  local IFS=:
  for e in $cp; do
    if [[ "$e" == *'/*' ]]; then
      for j in "${e%/\*}"/*.jar; do [ -e "$j" ] && ln -sf "$j" "$SPARK_HOME/jars/"; done
    elif [[ "$e" == *.jar && -f "$e" ]]; then
      ln -sf "$e" "$SPARK_HOME/jars/"
    fi
  done
  compgen -G "$SPARK_HOME/jars/spark-core*" > /dev/null || die "no Spark jars on the class path ($cp): run mvn -B -DskipTests package first"
}

wait_for() { # file pattern seconds
  local t=0
  until grep -qE "$2" "$1" 2>/dev/null; do
    sleep 0.5; t=$((t + 1))
    [ "$t" -lt $(($3 * 2)) ] || die "timed out after $3 s waiting for '$2' in $1"
  done
}

start() {
  local n="$1"
  [[ "$n" =~ ^[0-9]+$ ]] || die "start needs a worker count (0 for a master alone), got '$n'"
  [ ! -f "$dir/master.pid" ] || die "a cluster is running already ($dir): stop it first"
  mkdir -p "$dir" && make_home
  java @"$here/jvm.options" -Xmx512m -cp "$cp" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port 0 --webui-port 0 > "$dir/master.log" 2>&1 &
  echo $! > "$dir/master.pid"
  wait_for "$dir/master.log" "Starting Spark master at spark://" 60
  local url
  url="$(grep -oE 'spark://127\.0\.0\.1:[0-9]+' "$dir/master.log" | head -1)"
  echo "$url" > "$dir/master.url"
  for i in $(seq 1 "$n"); do
    mkdir -p "$dir/work-$i"
    setsid java @"$here/jvm.options" -Xmx512m -cp "$cp" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port 0 \
      --webui-port 0 --cores 1 --memory "${PRISM_SPARK_WORKER_MEMORY:-3g}" --work-dir "$dir/work-$i" "$url" \
      > "$dir/worker-$i.log" 2>&1 &
    echo $! > "$dir/worker-$i.pid"
  done
  for i in $(seq 1 "$n"); do
    wait_for "$dir/worker-$i.log" "Successfully registered with master" 60
  done
  echo "$url"
}

kill_worker() { # a worker and its executors, at once (each worker leads its own process group)
  local f="$dir/worker-$1.pid"
  [ -f "$f" ] || die "no worker $1 in $dir"
  kill -9 -- "-$(cat "$f")" 2>/dev/null || true
  rm -f "$f"
}

stop() {
  for f in "$dir"/worker-*.pid; do
    [ -e "$f" ] || continue
    local i="${f##*/worker-}"; i="${i%.pid}"
    kill -- "-$(cat "$f")" 2>/dev/null || true
    sleep 1
    kill_worker "$i"
  done
  if [ -f "$dir/master.pid" ]; then
    kill "$(cat "$dir/master.pid")" 2>/dev/null || true
    rm -f "$dir/master.pid" "$dir/master.url"
  fi
}

case "${1:-}" in
  start) start "${2:-2}" ;;
  stop) stop ;;
  kill-worker) kill_worker "${2:?kill-worker needs a worker number}" ;;
  *) echo "usage: $0 start N | stop | kill-worker I" >&2; exit 2 ;;
esac
