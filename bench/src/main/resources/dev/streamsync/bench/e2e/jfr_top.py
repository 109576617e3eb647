#!/usr/bin/python3
"""Aggregates a JFR recording's stack samples by their top frames, and by thread.

usage: jfr_top.py RECORDING.jfr [EVENT (jdk.ExecutionSample)] [DEPTH (1)] [ROWS (25)]

EVENT may be jdk.ExecutionSample (threads running Java code) or jdk.NativeMethodSample (threads in
native code: FFmpeg, epoll). Needs the JDK's `jfr` tool on PATH (JDK 17 has `jfr print --json`).
"""
import collections
import json
import subprocess
import sys

recording = sys.argv[1]
event = sys.argv[2] if len(sys.argv) > 2 else "jdk.ExecutionSample"
depth = int(sys.argv[3]) if len(sys.argv) > 3 else 1
rows = int(sys.argv[4]) if len(sys.argv) > 4 else 25
out = subprocess.run(["jfr", "print", "--json", "--events", event, recording], capture_output=True, text=True, check=True)
events = json.loads(out.stdout)["recording"]["events"]
top = collections.Counter()
threads = collections.Counter()
for e in events:
    v = e["values"]
    stack = v.get("stackTrace")
    if not stack:
        continue
    frames = stack["frames"][:depth]
    top[" <- ".join("%s.%s" % (f["method"]["type"]["name"].split("/")[-1], f["method"]["name"]) for f in frames)] += 1
    thread = v.get("sampledThread")
    threads[thread["javaName"] if thread else "?"] += 1
total = sum(top.values())
print("%d samples of %s" % (total, event))
for name, count in threads.most_common(12):
    print("  thread %6d  %s" % (count, name))
for frames, count in top.most_common(rows):
    print("%6d %5.1f%%  %s" % (count, 100.0 * count / max(1, total), frames))
