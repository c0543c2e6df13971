#!/usr/bin/env python3
"""Where a process's resident memory is, from a copy of /proc/PID/smaps (bench/profile/mem_sample.sh
keeps the one at the peak). Parts: the Java heap (the anonymous mapping at --java-heap, 0x600000000
for -Xmx8g with compressed oops), glibc's arenas (anonymous mappings aligned to and sized in 64 MiB,
its thread heaps, merged when adjacent; and [heap], its main heap), files (libraries, the class data
archive), and other anonymous memory (threads' stacks, the JVM's own, small blocks), then every
mapping over 20 MiB resident.
    bench/profile/mem_parts.py OUTDIR/smaps-max [--java-heap 0x600000000]
"""
import collections
import re
import sys

MIB = 1 << 20
ARENA = 64 * MIB


def mappings(path):
    """(start address, size in bytes, name or '', resident KiB) of every mapping in a smaps copy."""
    cur = None
    for line in open(path):
        m = re.match(r'^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$', line)
        if m:
            start, end, name = int(m.group(1), 16), int(m.group(2), 16), m.group(3).strip()
            cur = (start, end - start, name)
        elif line.startswith('Rss:') and cur:
            yield cur + (int(line.split()[1]),)


def parts(path, java_heap):
    total = collections.Counter()
    big = []
    for start, size, name, kib in mappings(path):
        if start == java_heap and not name:
            kind = 'Java heap'
        elif name == '[heap]' or (not name and start % ARENA == 0 and size % ARENA == 0):
            kind = 'glibc arenas (libtorch tensors, native memory)'
        elif name.startswith('/'):
            kind = 'files (libraries, class data)'
        else:
            kind = 'other anonymous (stacks, JVM internals, small blocks)'
        total[kind] += kib
        if kib > 20 * 1024:
            big.append((kib, name or '[anon]', size, start))
    return total, big


def main():
    args = sys.argv[1:]
    java_heap = 0x600000000
    if '--java-heap' in args:
        i = args.index('--java-heap')
        java_heap = int(args[i + 1], 16)
        del args[i:i + 2]
    total, big = parts(args[0], java_heap)
    print('total %d MiB resident' % (sum(total.values()) >> 10))
    for k, v in total.most_common():
        print('%8d MiB  %s' % (v >> 10, k))
    print('-- mappings over 20 MiB resident')
    for kib, name, size, start in sorted(big, reverse=True)[:30]:
        print('%8d MiB of %8d MiB  %s %x' % (kib >> 10, size >> 20, name, start))


if __name__ == '__main__':
    main()
