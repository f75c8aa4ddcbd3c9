#!/usr/bin/env bash
# Checks the built plugin against the real Jenkins API (../shared/jenkins-api): every stub member exists with the
# same signature, every reference of the plugin jar links, nothing is newer than the baseline, and every plugin
# whose types are used is a declared dependency. Run after the build; exits non-zero on any error.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${CODY_BATCH_SHARED:-../shared}
api="$shared/jenkins-api"
[ -f "$api/api.sig" ] || { echo "No Jenkins API data at $api (set CODY_BATCH_SHARED)"; exit 2; }
[ -f target/cody-batch.hpi ] || { echo "target/cody-batch.hpi is missing: build first (scripts/test.sh)"; exit 2; }

work=target/jenkins-api-check
rm -rf "$work" && mkdir -p "$work/libs"
unzip -q -o target/cody-batch.hpi WEB-INF/lib/cody-batch.jar -d "$work"

# Third-party jars let the checker walk hierarchies that leave api.sig (e.g. StepContext is a Guava
# FutureCallback): the provided libraries, and the Guava that Jenkins core ships.
mvn -B -q -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=provided -Dmdep.outputFile="$work/provided.txt" >/dev/null
mvn -B -q -Dstyle.color=never dependency:copy -Dartifact=com.google.guava:guava:33.5.0-jre -DoutputDirectory="$work/libs" >/dev/null
libs=()
for jar in $(tr ':' ' ' < "$work/provided.txt") "$work"/libs/*.jar; do libs+=(--lib "$jar"); done

java "$api/CheckJenkinsApi.java" --api "$api/api.sig" \
  --stubs target/stub-classes --classes "$work/WEB-INF/lib/cody-batch.jar" \
  --baseline 2.541.1 --manifest target/cody-batch.hpi "${libs[@]}" > "$work/report.txt" 2>&1 && status=0 || status=$?
grep -E '^(ERROR|  )' "$work/report.txt" || true
tail -1 "$work/report.txt"
exit $status
