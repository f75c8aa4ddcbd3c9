#!/usr/bin/env bash
# Check a controller started by boot.sh: every plugin active and enabled, none with failed dependencies, and the
# script console runs Groovy. Prints the plugins (name:version) and the script's answer; exits 1 on any problem.
#
#   dev/real-jenkins/check.sh PORT
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 PORT" >&2; exit 2; }
base=http://127.0.0.1:$1
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
curl -fsS "$base/pluginManager/api/json?depth=1" | python3 -c '
import json, sys
plugins = json.load(sys.stdin)["plugins"]
bad = 0
for p in sorted(plugins, key=lambda p: p["shortName"]):
    failed = p.get("hasFailedDependencies") or p.get("failedDependencies")
    state = "ok" if p["active"] and p["enabled"] and not failed else "PROBLEM"
    if state != "ok":
        bad += 1
    print("%s:%s %s%s" % (p["shortName"], p["version"], state,
                          "" if state == "ok" else " active=%s enabled=%s failedDeps=%s" % (p["active"], p["enabled"], failed)))
print("%d plugins, %d with problems" % (len(plugins), bad))
sys.exit(1 if bad or not plugins else 0)
'
crumb=$(curl -s -c "$jar" "$base/crumbIssuer/api/json" | python3 -c '
import json, sys
try:
    c = json.load(sys.stdin); print("%s:%s" % (c["crumbRequestField"], c["crumb"]))
except Exception:
    print("")
')
args=(-fsS -b "$jar" --data-urlencode 'script=println Jenkins.instance.pluginManager.plugins.size()')
[[ -z $crumb ]] || args+=(-H "$crumb")
answer=$(curl "${args[@]}" "$base/scriptText")
echo "scriptText: plugins.size() = $answer"
[[ $answer =~ ^[0-9]+$ ]]
