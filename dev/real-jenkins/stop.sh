#!/usr/bin/env bash
# Stop a controller started by boot.sh: dev/real-jenkins/stop.sh HOME
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 HOME" >&2; exit 2; }
pidfile=$1/jenkins.pid
[[ -f $pidfile ]] || { echo "no $pidfile: not started by boot.sh" >&2; exit 1; }
pid=$(cat "$pidfile")
if kill -0 "$pid" 2>/dev/null; then
  kill "$pid"
  for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
  echo "stopped $pid" >&2
else
  echo "$pid was not running" >&2
fi
rm -f "$pidfile"
