#!/usr/bin/env bash
# CPU and wall time of the packaged CLI under different JVM flags (docs/performance.md, "Local overhead"): the same
# jar on the same REPOS local repositories against the fake Messages API (cli/FakeAnthropic, its own process), the
# variants alternating within each round and each round starting with the next one, so that the shared machine's
# load and drift hit them alike.
#   default  no flags
#   c1       -XX:TieredStopAtLevel=1 (C1 JIT only: far less compiling for a short-lived process)
#   cds      -XX:SharedArchiveFile= a dynamic CDS archive written by one run beforehand
#   c1cds    both
#   serial   -XX:+UseSerialGC (no concurrent collector threads; the JVM picks G1 on a 2-cpu machine with 2 GB or more)
#   c1serial C1 only and the serial collector
#   other    no flags, the jar OTHER_JAR (an A/B of two builds: OTHER_JAR=/tmp/before.jar ... "default other")
# Usage: scripts/bench/cli-jvm-flags.sh [REPOS=200] [ROUNDS=4] [VARIANTS="default c1 cds c1cds"]
# Env:   BENCH_DIR (default /tmp) where the repositories and, through java.io.tmpdir, the checkouts are made
#        (/dev/shm: a tmpfs, no disk).
# Needs: mvn -B -o -q package -DskipTests
set -euo pipefail
N=${1:-200}
ROUNDS=${2:-4}
VARIANTS=${3:-default c1 cds c1cds}
root=$(cd "$(dirname "$0")/../.." && pwd)
jar="$root/target/cody-batch-cli.jar"
mws=$(ls "$HOME"/.m2/repository/com/squareup/okhttp3/mockwebserver3/*/mockwebserver3-*.jar | grep -v sources | tail -1)
work=$(mktemp -d "${BENCH_DIR:-/tmp}/cody-cli-flags-XXXXXX")
mkdir -p "$work/tmp"
fake=
trap '[ -n "$fake" ] && kill "$fake" 2>/dev/null; rm -rf "$work"' EXIT
template="$work/template"; mkdir -p "$template/src"; git -C "$template" init -q -b main
printf 'Hello from the template\n' > "$template/README.md"; printf 'class App { void oldApi() {} }\n' > "$template/src/App.java"
git -C "$template" add -A; git -C "$template" -c user.name=Bench -c user.email=bench@example.invalid commit -q -m init
for i in $(seq -f "%04g" 1 "$N"); do cp -r "$template" "$work/repo-$i"; echo "$work/repo-$i" >> "$work/repos.txt"; done
java -cp "$root/target/test-classes:$jar:$mws" io.jenkins.plugins.codybatch.cli.FakeAnthropic sk-ant-bench-key 0 > "$work/fake.log" 2>&1 &
fake=$!
for _ in $(seq 100); do grep -q 'Fake Anthropic API at' "$work/fake.log" && break; sleep 0.1; done
url=$(sed -n 's/^Fake Anthropic API at //p' "$work/fake.log")
run() { # $1: output folder, $2: the jar, rest: JVM flags
  local out=$1 jar=$2; shift 2
  ANTHROPIC_API_KEY=sk-ant-bench-key java "$@" -Djava.io.tmpdir="$work/tmp" -jar "$jar" run --repos-file "$work/repos.txt" --prompt "Greet Cody" \
    --parallel 8 --api-url "$url" --name bench --output "$out" > "$out.log" 2>&1
  grep -q " $N completed" "$out.log" || { cat "$out.log" >&2; exit 1; }
}
run "$work/cds-archive" "$jar" -XX:ArchiveClassesAtExit="$work/app.jsa"
declare -A flags=([default]="" [c1]="-XX:TieredStopAtLevel=1" [cds]="-XX:SharedArchiveFile=$work/app.jsa"
  [c1cds]="-XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=$work/app.jsa" [serial]="-XX:+UseSerialGC"
  [c1serial]="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" [other]="")
TIMEFORMAT='%R %U %S'
echo "repos=$N rounds=$ROUNDS, $(nproc) cpus, $(java -version 2>&1 | head -1)"
printf 'round  variant  wall_s  cpu_s  load\n'
read -ra order <<< "$VARIANTS"
for r in $(seq "$ROUNDS"); do
  # each round starts with the next variant, so a machine that drifts during the run favours none of them
  shift_by=$(( (r - 1) % ${#order[@]} ))
  for v in "${order[@]:shift_by}" "${order[@]:0:shift_by}"; do
    # shellcheck disable=SC2086
    { time run "$work/out-$v-$r" "$([ "$v" = other ] && echo "$OTHER_JAR" || echo "$jar")" ${flags[$v]}; } \
      2> "$work/time.txt"
    read -r w u s < "$work/time.txt"
    printf '%5d  %-7s  %6.2f  %5.2f  %s\n' "$r" "$v" "$w" "$(echo "$u + $s" | bc -l)" "$(cut -d' ' -f1 /proc/loadavg)" \
      | tee -a "$work/rows.txt"
    rm -rf "$work/out-$v-$r"
  done
done
python3 - "$work/rows.txt" <<'PY'
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    r, v, w, c, _ = line.split()
    rows[v].append((float(w), float(c)))
for v, values in rows.items():
    w = [x[0] for x in values]; c = [x[1] for x in values]
    print(f"{v:8s} wall median {statistics.median(w):6.2f} ({min(w):.2f}-{max(w):.2f})  "
          f"cpu median {statistics.median(c):6.2f} ({min(c):.2f}-{max(c):.2f})")
PY
