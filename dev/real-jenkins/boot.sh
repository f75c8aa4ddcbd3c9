#!/usr/bin/env bash
# Start the controller assembled by assemble.sh on 127.0.0.1:PORT with JENKINS_HOME=HOME.
#
#   dev/real-jenkins/boot.sh OUT HOME PORT [EXTRA.hpi ...]
#
# Copies OUT/plugins/*.hpi (and any EXTRA .hpi, e.g. target/cody-batch.hpi) into HOME/plugins as NAME.jpi, starts
# OUT/jenkins.war in the background with the setup wizard off (HOME/jenkins.log, HOME/jenkins.pid), waits until
# "Jenkins is fully up and running" (or /login answers 200), then prints the PID. JAVA (default: java on PATH),
# JAVA_OPTS and BOOT_TIMEOUT (seconds, default 240) are read from the environment. Stop it with stop.sh HOME.
set -euo pipefail
[[ $# -ge 3 ]] || { echo "usage: $0 OUT HOME PORT [EXTRA.hpi ...]" >&2; exit 2; }
OUT=$(realpath "$1") HOME_DIR=$(realpath -m "$2") PORT=$3
shift 3
JAVA=${JAVA:-java}
[[ -f $OUT/jenkins.war ]] || { echo "no $OUT/jenkins.war: run assemble.sh first" >&2; exit 1; }
if [[ -f $HOME_DIR/jenkins.pid ]] && kill -0 "$(cat "$HOME_DIR/jenkins.pid")" 2>/dev/null; then
  echo "already running: PID $(cat "$HOME_DIR/jenkins.pid")" >&2
  exit 1
fi
mkdir -p "$HOME_DIR/plugins"
for f in "$OUT"/plugins/*.hpi "$@"; do
  n=$(basename "$f" .hpi)
  n=${n%.jpi}
  cp "$f" "$HOME_DIR/plugins/$n.jpi"
done
cd "$HOME_DIR"
t0=$(date +%s.%N)
# shellcheck disable=SC2086
JENKINS_HOME=$HOME_DIR setsid nohup "$JAVA" ${JAVA_OPTS:-} -Djenkins.install.runSetupWizard=false \
  -DJENKINS_HOME="$HOME_DIR" -jar "$OUT/jenkins.war" --httpPort="$PORT" --httpListenAddress=127.0.0.1 \
  >"$HOME_DIR/jenkins.log" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$HOME_DIR/jenkins.pid"
deadline=$((SECONDS + ${BOOT_TIMEOUT:-240}))
while :; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "Jenkins exited during start; last lines of $HOME_DIR/jenkins.log:" >&2
    tail -30 "$HOME_DIR/jenkins.log" >&2
    rm -f "$HOME_DIR/jenkins.pid"
    exit 1
  fi
  if grep -q 'Jenkins is fully up and running' "$HOME_DIR/jenkins.log" ||
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/login" || true) == 200 ]]; then
    break
  fi
  if ((SECONDS > deadline)); then
    echo "not up after ${BOOT_TIMEOUT:-240} s (PID $pid still running); see $HOME_DIR/jenkins.log" >&2
    exit 1
  fi
  sleep 1
done
echo "up on http://127.0.0.1:$PORT/ in $(echo "$(date +%s.%N) - $t0" | bc | xargs printf '%.1f') s; log $HOME_DIR/jenkins.log" >&2
echo "$pid"
