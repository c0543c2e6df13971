#!/usr/bin/env python3
"""Which mappings of a process grew between two copies of its /proc/PID/smaps (issue 30: the
Spark map driver's creep): resident KiB per mapping, by start address, largest changes first.
    tools/scale/smaps_diff.py EARLIER.smaps LATER.smaps
"""
import re, sys
def load(p):
    out = {}; cur = None
    for line in open(p):
        m = re.match(r'^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$', line)
        if m:
            cur = (m.group(1), (int(m.group(2),16)-int(m.group(1),16))>>10, m.group(3).strip() or '[anon]'); continue
        if line.startswith('Rss:') and cur:
            out[cur[0]] = (int(line.split()[1]), cur[1], cur[2])
    return out
a, b = load(sys.argv[1]), load(sys.argv[2])
rows = []
for k in set(a) | set(b):
    ra = a.get(k, (0,0,''))[0]; rb = b.get(k, (0,0,''))[0]
    if rb != ra: rows.append((rb-ra, k, (b.get(k) or a.get(k))[1], (b.get(k) or a.get(k))[2]))
print('total %+d KiB (%d -> %d KiB)' % (sum(r[0] for r in rows), sum(v[0] for v in a.values()), sum(v[0] for v in b.values())))
for d,k,size,name in sorted(rows, key=lambda r: -abs(r[0]))[:15]:
    print('%+8d KiB  %s size %d KiB  %s' % (d, k, size, name))
