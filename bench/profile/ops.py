#!/usr/bin/env python3
"""Summarise a libtorch/PyTorch Chrome trace: self time per operator (and per input shape).

    bench/profile/ops.py TRACE.json STEPS [--top N] [--shapes OP[,OP...]]

Self time = an event's duration minus its children's on the same thread, per step (STEPS = the
number of profiled steps or passes). --shapes breaks the named operators down by input shapes
(Prism's traces record them; PyTorch 1.13's exported traces do not)."""
import argparse
import collections
import json


def events(path):
    d = json.load(open(path))
    ev = d["traceEvents"] if isinstance(d, dict) else d
    return [e for e in ev if e.get("ph") == "X" and "dur" in e]


def self_times(ev):
    ev = sorted(ev, key=lambda e: (str(e.get("tid")), e["ts"], -e["dur"]))
    own = collections.defaultdict(float)
    total = collections.defaultdict(float)
    calls = collections.Counter()
    stacks = {}
    for e in ev:
        st = stacks.setdefault(e.get("tid"), [])
        while st and st[-1]["ts"] + st[-1]["dur"] <= e["ts"]:
            st.pop()
        if st:
            own[st[-1]["name"]] -= e["dur"]
        own[e["name"]] += e["dur"]
        total[e["name"]] += e["dur"]
        calls[e["name"]] += 1
        st.append(e)
    return own, total, calls


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("trace")
    p.add_argument("steps", type=float)
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--shapes", default="")
    a = p.parse_args()
    ev = events(a.trace)
    own, total, calls = self_times(ev)
    print("all operators, self time: %.1f ms per step" % (sum(own.values()) / 1e3 / a.steps))
    for name, v in sorted(own.items(), key=lambda kv: -kv[1])[:a.top]:
        print("%-56s self %8.2f ms  total %8.2f ms  calls %6.1f  (per step)"
              % (name[:56], v / 1e3 / a.steps, total[name] / 1e3 / a.steps, calls[name] / a.steps))
    if a.shapes:
        wanted = set(a.shapes.split(","))
        by = collections.defaultdict(lambda: [0.0, 0])
        for e in ev:
            if e["name"] in wanted:
                key = (e["name"], str(e.get("shape") or e.get("args", {}).get("Input Dims")))
                by[key][0] += e["dur"]
                by[key][1] += 1
        print("\nby input shapes (total time per step, calls per step):")
        for (name, shape), (d, c) in sorted(by.items(), key=lambda kv: -kv[1][0])[:a.top]:
            print("%8.2f ms %5.1f  %s %s" % (d / 1e3 / a.steps, c / a.steps, name, shape[:110]))


if __name__ == "__main__":
    main()
