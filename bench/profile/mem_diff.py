#!/usr/bin/env python3
"""Which mappings of a process grew between two copies of its /proc/PID/smaps (issue 30: the
Spark map driver's creep): resident KiB per mapping, by start address, largest changes first.
    bench/profile/mem_diff.py EARLIER.smaps LATER.smaps
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mem_parts import mappings  # noqa: E402


def load(path):
    return {start: (kib, size >> 10, name or '[anon]') for start, size, name, kib in mappings(path)}


def main():
    a, b = load(sys.argv[1]), load(sys.argv[2])
    rows = []
    for k in set(a) | set(b):
        ra, rb = a.get(k, (0,))[0], b.get(k, (0,))[0]
        if rb != ra:
            size, name = (b.get(k) or a.get(k))[1:]
            rows.append((rb - ra, k, size, name))
    print('total %+d KiB (%d -> %d KiB)' % (sum(r[0] for r in rows), sum(v[0] for v in a.values()), sum(v[0] for v in b.values())))
    for d, k, size, name in sorted(rows, key=lambda r: -abs(r[0]))[:15]:
        print('%+8d KiB  %x size %d KiB  %s' % (d, k, size, name))


if __name__ == '__main__':
    main()
