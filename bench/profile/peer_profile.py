#!/usr/bin/python3
"""The PyTorch peer's side of bench/profile: the same networks as bench/peer.py.

    /usr/bin/python3 bench/profile/peer_profile.py train MODEL STEPS [TRACE.json]
    /usr/bin/python3 bench/profile/peer_profile.py infer MODEL SIZE PASSES [TRACE.json]

train: two warm-up steps of batch 64 (zero_grad, forward, cross-entropy, backward), then STEPS
profiled steps; infer: 100 warm-up passes at batch 1, then PASSES timed (median printed) and, with
TRACE, PASSES more profiled. Summarise traces with bench/profile/ops.py."""
import os
import resource
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import peer  # noqa: E402

torch.set_num_threads(2)


def train(name, steps, trace):
    # bench/peer.py's training cases, else a 10-class 32x32 image model
    classes, shape = next(((c, s) for n, c, s in peer.TRAIN if n == name), (10, (3, 32, 32)))
    torch.manual_seed(1)
    model = peer.network(name, classes).train()
    x = torch.randn((64,) + shape)
    y = torch.randint(0, classes, (64,))

    def step(k):
        model.zero_grad()
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        t0 = time.perf_counter()
        loss = F.cross_entropy(model(x), y)
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        print("step %d: forward %.0f ms, backward %.0f ms, %d minor page faults"
              % (k, (t1 - t0) * 1e3, (t2 - t1) * 1e3, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults))

    for k in range(-2, 0):
        step(k)
    if trace:
        with torch.autograd.profiler.profile(record_shapes=True) as p:
            for k in range(steps):
                step(k)
        p.export_chrome_trace(trace)
    else:
        for k in range(steps):
            step(k)


def infer(name, size, passes, trace):
    torch.manual_seed(1)
    model = peer.network(name, 1000).eval()
    x = torch.randn(1, 3, size, size)

    def once():
        with torch.no_grad():
            return model(x).numpy()

    for _ in range(100):
        once()
    ts = []
    for _ in range(passes):
        t0 = time.perf_counter()
        once()
        ts.append((time.perf_counter() - t0) * 1e3)
    ts.sort()
    print("%s@%d batch 1: median %.2f ms, p10 %.2f, p90 %.2f"
          % (name, size, ts[len(ts) // 2], ts[len(ts) // 10], ts[len(ts) * 9 // 10]))
    if trace:
        with torch.autograd.profiler.profile(record_shapes=True) as p:
            for _ in range(passes):
                once()
        p.export_chrome_trace(trace)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "train":
        train(sys.argv[2], int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else None)
    elif len(sys.argv) >= 5 and sys.argv[1] == "infer":
        infer(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] if len(sys.argv) > 5 else None)
    else:
        sys.exit(__doc__)
