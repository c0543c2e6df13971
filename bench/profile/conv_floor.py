#!/usr/bin/python3
"""The convolutions of one training step, timed alone: the floor under a step's time.

    /usr/bin/python3 bench/profile/conv_floor.py MODEL LAYERS.txt

Runs bench/peer.py's network MODEL (a training case of peer.TRAIN) once at batch 64 with a hook on
every convolution, writes each distinct convolution (input shape, weight shape, stride, padding,
groups, whether its input needs a gradient, how many times the network runs it) to LAYERS.txt,
then times each alone in PyTorch 1.13, forward and backward (sum of the output as the loss; the
input's gradient only where the network needs it), best of 4 after 2 warm-up, in the peer's
layout (contiguous) and in channels-last. Prints ms per layer and the step's total, count
included. bench/profile/ConvFloor.java times the same LAYERS.txt through Prism's engine."""
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import peer  # noqa: E402

torch.set_num_threads(2)
torch.set_num_interop_threads(1)


def layers(name):
    classes, shape = next((c, s) for n, c, s in peer.TRAIN if n == name)
    model = peer.network(name, classes).train()
    found = {}
    first = []

    def hook(module, inputs, output):
        x = inputs[0]
        key = (tuple(x.shape), tuple(module.weight.shape), module.stride, module.padding, module.groups,
               x.requires_grad)
        found[key] = found.get(key, 0) + 1
        first.append(key)

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Conv3d))]
    model(torch.randn((64,) + shape)).sum().backward()
    for h in handles:
        h.remove()
    return [(k, found[k]) for k in dict.fromkeys(first)]


def best_ms(key, memory_format):
    x_shape, w_shape, stride, padding, groups, input_grad = key
    conv = F.conv2d if len(w_shape) == 4 else F.conv3d
    out = 1e9
    for it in range(6):
        x = torch.randn(x_shape).to(memory_format=memory_format).requires_grad_(input_grad)
        w = torch.randn(w_shape, requires_grad=True)
        t0 = time.perf_counter()
        conv(x, w, None, stride, padding, 1, groups).sum().backward()
        t = time.perf_counter() - t0
        if it >= 2:
            out = min(out, t)
    return out * 1e3


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    name, path = sys.argv[1], sys.argv[2]
    found = layers(name)
    with open(path, "w") as f:
        f.write("# count | input shape | weight shape | stride | padding | groups | input gradient (1/0)\n")
        for key, n in found:
            x_shape, w_shape, stride, padding, groups, input_grad = key
            f.write("%d | %s | %s | %s | %s | %d | %d\n" % (n, " ".join(map(str, x_shape)), " ".join(map(str, w_shape)),
                                                            " ".join(map(str, stride)), " ".join(map(str, padding)),
                                                            groups, int(input_grad)))
    formats = [("contiguous", torch.contiguous_format),
               ("channels-last", torch.channels_last if len(found[0][0][0]) == 4 else torch.channels_last_3d)]
    totals = [0.0, 0.0]
    print("PyTorch %s, %d threads, batch 64, forward + backward per layer, ms (best of 4)" % (torch.__version__, torch.get_num_threads()))
    for key, n in found:
        ms = [best_ms(key, fmt) for _, fmt in formats]
        for i in range(2):
            totals[i] += n * ms[i]
        print("%2d x input %-18s weight %-16s stride %-6s: %s" % (
            n, "x".join(map(str, key[0][1:])), "x".join(map(str, key[1])), "x".join(map(str, key[2])),
            ", ".join("%s %.1f" % (f, v) for (f, _), v in zip(formats, ms))), flush=True)
    print("convolutions of one step: " + ", ".join("%s %.0f ms" % (f, t) for (f, _), t in zip(formats, totals)))


if __name__ == "__main__":
    main()
