#!/usr/bin/env bash
# Every 60 s: time, pid, RSS (MiB) and Java heap committed/used (MiB) of the newest JVM whose command line matches "java.*PATTERN.*.jar".
# Usage: tools/studies/sample-mem.sh [PATTERN] >> mem.log   (PATTERN: e.g. prism-486c069; default: prism)
while true; do
  p=$(pgrep -f "java.*${1:-prism}.*\.jar" | tail -1)
  if [ -n "$p" ]; then
    rss=$(awk '/VmRSS/{print int($2/1024)}' /proc/$p/status 2>/dev/null)
    h=$(jcmd $p GC.heap_info 2>/dev/null | awk '/garbage-first heap/{gsub("K,","",$4); gsub("K,","",$6); print int($4/1024) "/" int($6/1024)}')
    echo "$(date +%H:%M:%S) $p rss=$rss heap_committed_used=$h"
  fi
  sleep 60
done
