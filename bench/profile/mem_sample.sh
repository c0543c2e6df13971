#!/usr/bin/env bash
# Peak memory, part by part (issue 32):
#   bench/profile/mem_sample.sh OUTDIR CMD...
# runs CMD (a java command, or ./prism, which execs java), samples its resident size every 0.5 s
# into OUTDIR/rss.tsv (epoch seconds, KiB) and keeps a copy of /proc/PID/smaps taken at the highest
# size (OUTDIR/smaps-max), for bench/profile/mem_parts.py; CMD's output goes to OUTDIR/stdout and
# OUTDIR/stderr, its exit code and peak to OUTDIR/done.
out="$1"; shift
mkdir -p "$out"
"$@" > "$out/stdout" 2> "$out/stderr" &
pid=$!
max=0
while kill -0 $pid 2>/dev/null; do
  # the java process may be a child (prism launcher execs, so pid is java)
  rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status 2>/dev/null || echo 0)
  [ -z "$rss" ] && rss=0
  echo -e "$(date +%s.%N | cut -c1-14)\t$rss" >> "$out/rss.tsv"
  if [ "$rss" -gt "$max" ]; then max=$rss; cp /proc/$pid/smaps "$out/smaps-max" 2>/dev/null; fi
  sleep 0.5
done
wait $pid; echo "rc=$? max_rss_kib=$max" > "$out/done"
