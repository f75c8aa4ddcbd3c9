#!/usr/bin/env bash
# The smoke suite: the real Jenkins of assemble.sh with our freshly built plugin, driven over HTTP, its CLI and
# headless chromium against the fake Anthropic and GitHub servers of the tests. Ends with "N passed, N failed".
#
#   dev/real-jenkins/smoke.sh OUT
#
# Environment: PORT (default 8291), SMOKE_WORK (default OUT/../smoke-home-PORT; emptied first: Jenkins home, fakes,
# repositories, agents, logs), SKIP_BUILD=1 to use target/cody-batch.hpi as it is, ONLY=phase,... to run some phases
# (boot global pipeline snippet freestyle security agents restart figures), KEEP=1 to leave Jenkins and the
# fakes running afterwards (for a closer look; stop them with stop.sh and kill). Needs git, Debian's chromium and
# chromedriver, and Maven's offline repository holding the test dependencies. Leaves nothing running.
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 OUT" >&2; exit 2; }
OUT=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
PORT=${PORT:-8291}
WORK=$(realpath -m "${SMOKE_WORK:-$OUT/../smoke-home-$PORT}")
HOME_DIR=$WORK/jenkins-home

if [[ -d $WORK ]]; then
  [[ -f $WORK/.cody-batch-smoke ]] || { echo "$WORK exists and is not a smoke folder; set SMOKE_WORK" >&2; exit 2; }
  [[ ! -f $HOME_DIR/jenkins.pid ]] || ! kill -0 "$(cat "$HOME_DIR/jenkins.pid")" 2>/dev/null ||
    { echo "a Jenkins of an earlier run still runs (PID $(cat "$HOME_DIR/jenkins.pid")); stop it with stop.sh" >&2; exit 1; }
  rm -rf "$WORK"
fi
mkdir -p "$WORK/fakes" "$WORK/local"
touch "$WORK/.cody-batch-smoke"

cd "$repo"
if [[ ${SKIP_BUILD:-} != 1 ]]; then
  echo "building target/cody-batch.hpi" >&2
  mvn -B -o -q package -DskipTests
fi
mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" -Dmdep.includeScope=test >/dev/null
CP="$repo/target/test-classes:$repo/target/classes:$(cat "$WORK/classpath.txt")"

pids=()
cleanup() {
  if [[ ${KEEP:-} == 1 ]]; then
    echo "left running: Jenkins (stop.sh $HOME_DIR), fakes (kill ${pids[*]})" >&2
    return
  fi
  [[ ! -f $HOME_DIR/jenkins.pid ]] || "$here/stop.sh" "$HOME_DIR" || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# start LOG CLASS ARGS...: starts a fake in the background (its PID kept for the cleanup)
start() {
  local log=$1
  shift
  setsid java -cp "$CP" "$@" >"$log" 2>&1 </dev/null &
  pids+=($!)
}

# url LOG: the URL a fake printed once it listens
url() {
  for _ in $(seq 120); do
    if grep -q ' at http' "$1"; then
      grep -o 'http://[^ ]*' "$1" | head -1
      return
    fi
    sleep 0.5
  done
  echo "a fake did not start; see $1" >&2
  exit 1
}

API_KEY=sk-ant-smoke-0123456789abcdef
GITHUB_REPOS=(acme/one acme/two acme/three acme/quiet acme/slow-1 acme/slow-2 acme/slow-3 acme/slow-4)
for i in $(seq -w 1 10); do GITHUB_REPOS+=("acme/bench-$i"); done
start "$WORK/fakes/anthropic.log" io.jenkins.plugins.codybatch.cli.FakeAnthropic "$API_KEY" 0 2500 acme/quiet=NO_CHANGE
start "$WORK/fakes/github.log" io.jenkins.plugins.codybatch.engine.repo.FakeGitHubServer 0 "$WORK/fakes/github" \
  "${GITHUB_REPOS[@]}"
ANTHROPIC=$(url "$WORK/fakes/anthropic.log")
GITHUB=$(url "$WORK/fakes/github.log")
GITHUB_TOKEN=$(grep -o 'token [^ ]*' "$WORK/fakes/github.log" | cut -d' ' -f2)
echo "fake Anthropic $ANTHROPIC, fake GitHub $GITHUB" >&2

local_repos=()
for name in alpha beta slow-local-1 slow-local-2; do
  dir=$WORK/local/$name
  mkdir -p "$dir"
  git -C "$dir" init -q -b main
  echo "Hello from $name." >"$dir/README.md"
  git -C "$dir" add -A
  git -C "$dir" -c user.name=Smoke -c user.email=smoke@example.com commit -q -m base
  local_repos+=("$dir")
done

# A short bound for repositories waiting for an agent that is offline, so the suite can see it fail.
export JAVA_OPTS="${JAVA_OPTS:-} -Dio.jenkins.plugins.codybatch.jenkins.QueueFanOut.offlineTimeoutSeconds=75"
boot=$("$here/boot.sh" "$OUT" "$HOME_DIR" "$PORT" "$repo/target/cody-batch.hpi" 2>&1 >/dev/null | tee /dev/stderr |
  grep -o 'in [0-9.]* s' | grep -o '[0-9.]*' || true)
[[ -f $HOME_DIR/jenkins.pid ]] || { echo "Jenkins did not start; see $HOME_DIR/jenkins.log" >&2; exit 1; }

set +e
java -cp "$CP" io.jenkins.plugins.codybatch.realjenkins.RealJenkinsSmoke \
  url="http://127.0.0.1:$PORT/" home="$HOME_DIR" work="$WORK" images="$repo/docs/images" \
  anthropic="$ANTHROPIC" github="$GITHUB" githubToken="$GITHUB_TOKEN" apiKey="$API_KEY" \
  local="$(IFS=,; echo "${local_repos[*]}")" repos="$(IFS=,; echo "${GITHUB_REPOS[*]}")" \
  bootSeconds="${boot:-?}" ${ONLY:+only="$ONLY"} 2>&1 | tee "$WORK/smoke.log"
status=${PIPESTATUS[0]}
set -e
cleanup
trap - EXIT
tail -1 "$WORK/smoke.log"
exit "$status"
