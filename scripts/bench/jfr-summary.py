#!/usr/bin/env python3
"""Where a Java Flight Recording's CPU samples went (docs/performance.md, "Local overhead").

Usage: jfr print --json --stack-depth 128 --events jdk.ExecutionSample REC.jfr > samples.json
       python3 scripts/bench/jfr-summary.py samples.json

Prints the share of samples (a) by thread group, (b) by step of the run -- a sample counts for a step when any frame
of its stack is in that step's code, so the shares may add up to more than 100 % -- and (c) the hottest top frames.
"""
import collections
import json
import re
import sys

# step name -> regular expression on "class.method" of any frame of the stack
STARTUP = "startup on the main thread (before the batch runs): CLI, settings, engine assembly, class loading"
STEPS = [
    ("clone (GitRepositoryService.checkout, JGit)", r"GitRepositoryService\.(checkout|clone)"),
    ("patch (GitRepositoryService.patch / WorkingTreeDiff)", r"GitRepositoryService\.patch|WorkingTreeDiff\."),
    ("tool loop: HTTP call and JSON (ClaudeClient)", r"engine\.claude\.ClaudeClient\."),
    ("tool loop: transcript.jsonl (Transcript)", r"engine\.agent\.Transcript\."),
    ("tool loop: tools (Toolbox, editor, search)", r"engine\.tools\."),
    ("tool loop: other (ClaudeAgent)", r"engine\.agent\.ClaudeAgent"),
    ("result.json / summary.json (ResultFiles, BatchSummary)", r"engine\.batch\.(ResultFiles|BatchSummary)|BatchRunner\$Progress\.flush"),
    ("report.html (HtmlReport)", r"engine\.report\.HtmlReport"),
    ("OkHttp threads (connection, reading the response)", r"^okhttp3\.|^okio\."),
]
LIBS = [("JGit", r"^org\.eclipse\.jgit\."), ("OkHttp/Okio", r"^(okhttp3|okio)\."), ("Jackson", r"^com\.fasterxml\.jackson\."),
        ("class loading", r"^java\.lang\.ClassLoader\.|^jdk\.internal\.loader\.|^java\.net\.URLClassLoader"),
        ("java.util.zip / jar", r"^java\.util\.(zip|jar)\."), ("regex", r"^java\.util\.regex\."),
        ("file system (sun.nio.fs)", r"^sun\.nio\.(fs|ch)\."), ("Kotlin stdlib", r"^kotlin\.")]


def frames(event):
    trace = event["values"].get("stackTrace") or {}
    out = []
    for f in trace.get("frames", []):
        m = f.get("method") or {}
        cls = (m.get("type") or {}).get("name", "?").replace("/", ".")
        out.append(cls + "." + m.get("name", "?"))
    return out  # top frame first


def thread_group(event):
    t = event["values"].get("sampledThread") or {}
    name = t.get("javaName") or t.get("osName") or "?"
    return re.sub(r"[-\s#]*\d+$", "", re.sub(r"\d+", "N", name))


def main(path):
    events = json.load(open(path))["recording"]["events"]
    total = len(events)
    threads = collections.Counter(thread_group(e) for e in events)
    steps = collections.Counter()
    libs = collections.Counter()
    tops = collections.Counter()
    for e in events:
        fs = frames(e)
        if fs:
            tops[fs[0]] += 1
        if thread_group(e) == "main" and not any(re.search(r"BatchRunner|HtmlReport", f) for f in fs):
            steps[STARTUP] += 1
        for name, rx in STEPS:
            if any(re.search(rx, f) for f in fs):
                steps[name] += 1
        for name, rx in LIBS:
            if any(re.search(rx, f) for f in fs):
                libs[name] += 1
    print(f"{total} CPU samples (jdk.ExecutionSample)")
    print("\nby thread:")
    for name, n in threads.most_common(12):
        print(f"  {100 * n / total:5.1f} %  {name}")
    print("\nby step (a sample counts for every step on its stack):")
    for name in [STARTUP] + [n for n, _ in STEPS]:
        print(f"  {100 * steps[name] / total:5.1f} %  {name}")
    print("\nby library anywhere on the stack:")
    for name, _ in LIBS:
        print(f"  {100 * libs[name] / total:5.1f} %  {name}")
    print("\nhottest top frames:")
    for name, n in tops.most_common(15):
        print(f"  {100 * n / total:5.1f} %  {name}")


if __name__ == "__main__":
    main(sys.argv[1])
