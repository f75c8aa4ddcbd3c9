#!/usr/bin/env bash
# Local overhead of the packaged CLI, timed from outside the JVM (docs/performance.md, "Local overhead").
#
# Makes REPOS small local git repositories, starts the fake Messages API (cli/FakeAnthropic, instant answers: one
# turn with a str_replace on README.md and a create of NOTES.md, then end_turn) as its own process, and in ROUNDS
# rounds times, on the same repositories, back to back and alternating which goes first:
#   plain: a sequential shell loop of git clone + the same two edits + git add -A + git diff --cached --binary > file
#   cli:   scripts/cody-batch run --repos-file ... --parallel PARALLEL (the README's launcher: a new JVM every round,
#          C1 only, the class-data sharing archive it keeps; one untimed run first writes that archive)
# and prints each round, the median and the spread (min..max), and the CLI's peak RSS (/usr/bin/time %M).
#
# Usage: scripts/bench/cli-overhead.sh [REPOS=200] [ROUNDS=5] [PARALLEL=8]
# Env:   PLAIN=minimal makes the plain loop only git clone + the README edit + git diff (no NOTES.md, no add, no rm;
#        a smaller patch than the CLI's), JAVA_OPTS (passed to the CLI's JVM by the launcher, e.g. -XX:StartFlightRecording=...),
#        CODY_BATCH_CDS=off (the launcher without its class archive), KEEP=1 keeps the temp folder,
#        BENCH_DIR (default /tmp) where everything is made: the repositories, the loop's clones and, through
#        java.io.tmpdir, the CLI's checkouts, so both sides write to the same file system (/dev/shm: a tmpfs, no disk).
# Needs: mvn -B -o -q package -DskipTests (target/cody-batch-cli.jar and target/test-classes).
set -euo pipefail
REPOS=${1:-200}
ROUNDS=${2:-5}
PARALLEL=${3:-8}
root=$(cd "$(dirname "$0")/../.." && pwd)
jar="$root/target/cody-batch-cli.jar"
mws=$(ls "$HOME"/.m2/repository/com/squareup/okhttp3/mockwebserver3/*/mockwebserver3-*.jar | grep -v sources | tail -1)
[ -f "$jar" ] && [ -d "$root/target/test-classes" ] || { echo "build first: mvn -B -o -q package -DskipTests" >&2; exit 2; }

work=$(mktemp -d "${BENCH_DIR:-/tmp}/cody-cli-bench-XXXXXX")
mkdir -p "$work/tmp"
fake_pid=
cleanup() {
  [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null || true
  [ "${KEEP:-0}" = 1 ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

# Repositories: one template (README.md with "Hello", one source file, one commit), copied REPOS times.
template="$work/origins/template"
mkdir -p "$template/src"
git -C "$template" init -q -b main
printf 'Hello from the template\n' > "$template/README.md"
printf 'class App { void oldApi() {} }\n' > "$template/src/App.java"
git -C "$template" add -A
git -C "$template" -c user.name=Bench -c user.email=bench@example.invalid commit -q -m init
: > "$work/repos.txt"
for i in $(seq -f '%04g' 1 "$REPOS"); do
  cp -r "$template" "$work/origins/repo-$i"
  echo "$work/origins/repo-$i" >> "$work/repos.txt"
done

# The fake API in its own JVM.
java -cp "$root/target/test-classes:$jar:$mws" io.jenkins.plugins.codybatch.cli.FakeAnthropic sk-ant-bench-key 0 \
  > "$work/fake.log" 2>&1 &
fake_pid=$!
for _ in $(seq 100); do grep -q 'Fake Anthropic API at' "$work/fake.log" && break; sleep 0.1; done
url=$(sed -n 's/^Fake Anthropic API at //p' "$work/fake.log")
[ -n "$url" ] || { cat "$work/fake.log" >&2; exit 1; }

plain() { # $1: folder
  mkdir -p "$1"
  local n=0
  while read -r repo; do
    n=$((n + 1))
    local c="$1/c$n"
    git clone -q "$repo" "$c"
    sed -i 's/Hello/Hello, Cody/' "$c/README.md"
    if [ "${PLAIN:-full}" = minimal ]; then
      git -C "$c" diff > "$1/patch-$n.diff"
      continue
    fi
    printf 'Updated by Cody Batch.\n' > "$c/NOTES.md"
    git -C "$c" add -A
    git -C "$c" diff --cached --binary > "$1/patch-$n.diff"
    rm -rf "$c"
  done < "$work/repos.txt"
}

fake_cpu() { # CPU seconds the fake API process has used so far (utime + stime)
  awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$fake_pid/stat"
}

cli() { # $1: folder, $2: file for peak RSS (KB)
  fake_before=$(fake_cpu)
  # shellcheck disable=SC2086
  ANTHROPIC_API_KEY=sk-ant-bench-key XDG_CACHE_HOME="$work/cache" JAVA_OPTS="${JAVA_OPTS:-} -Djava.io.tmpdir=$work/tmp" \
    /usr/bin/time -f '%M' -o "$2" "$root/scripts/cody-batch" run \
    --repos-file "$work/repos.txt" --prompt "Greet Cody in README.md" --parallel "$PARALLEL" \
    --api-url "$url" --name bench --output "$1" > "$1.log" 2>&1
  grep -q " $REPOS completed" "$1.log" || { echo "not every repository completed:" >&2; cat "$1.log" >&2; exit 1; }
  echo "$(fake_cpu) - $fake_before" | bc -l > "$1.fake-cpu"
}

# The launcher's first run writes its class archive (a watcher keeps it once that JVM has gone): not a round.
TIMEFORMAT='%R'
{ time cli "$work/first" "$work/rss-first"; } 2> "$work/time-first"
for _ in $(seq 50); do ls "$work"/cache/cody-batch/*.jsa >/dev/null 2>&1 && break; sleep 0.2; done
echo "first run (writes the class archive, not counted): $(cat "$work/time-first") s;" \
  "archive: $(ls "$work"/cache/cody-batch/*.jsa 2>/dev/null || echo none)"
rm -rf "$work/first"
echo "machine: $(nproc) cpus, $(uptime | sed 's/.*load average/load average/'), $(java -version 2>&1 | head -1)"
echo "repos=$REPOS rounds=$ROUNDS parallel=$PARALLEL plain loop ${PLAIN:-full} fake API $url"
printf 'round  first  plain_s  cli_s  ratio  cli_rss_MB  plain_cpu_s  cli_cpu_s  fake_api_cpu_s\n'
TIMEFORMAT='%R %U %S'
for r in $(seq "$ROUNDS"); do
  for side in 1 2; do
    if { [ $((r % 2)) = 1 ] && [ $side = 1 ]; } || { [ $((r % 2)) = 0 ] && [ $side = 2 ]; }; then
      { time plain "$work/plain-$r"; } 2> "$work/time-plain-$r"
    else
      { time cli "$work/cli-$r" "$work/rss-$r"; } 2> "$work/time-cli-$r"
    fi
  done
  read -r p pu ps < "$work/time-plain-$r"
  read -r c cu cs < "$work/time-cli-$r"
  first=$([ $((r % 2)) = 1 ] && echo plain || echo cli)
  rss=$(( $(tail -1 "$work/rss-$r") / 1024 ))
  printf '%5d  %5s  %7.2f  %5.2f  %5.2f  %10d  %11.2f  %9.2f  %14.2f\n' "$r" "$first" "$p" "$c" \
    "$(echo "$c / $p" | bc -l)" "$rss" "$(echo "$pu + $ps" | bc -l)" "$(echo "$cu + $cs" | bc -l)" \
    "$(cat "$work/cli-$r.fake-cpu")" | tee -a "$work/rounds.txt"
  rm -rf "$work/plain-$r" "$work/cli-$r" "$work/cli-$r.fake-cpu"
done
echo "load average at the end: $(uptime | sed 's/.*load average: //')"
python3 - "$work/rounds.txt" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
for name, col in (("plain", 2), ("cli", 3), ("ratio", 4), ("cli_rss_MB", 5), ("plain_cpu", 6), ("cli_cpu", 7),
                  ("fake_cpu", 8)):
    v = [float(r[col]) for r in rows]
    print(f"{name:10s} median {statistics.median(v):8.2f}  min {min(v):8.2f}  max {max(v):8.2f}")
PY
