#!/usr/bin/env python3
"""PyTorch eager peer of `prism bench`: the same measurements under the same ids.

Runs on Debian's python3-torch (PyTorch 1.13, CPU) with python3-torchvision, python3-scipy and
python3-sklearn (bench/run.sh installs them with apt). Networks are the reference definitions the
golden fixtures pin Prism to (../shared/fixtures/golden/README.md): torchvision's MobileNetV2/V3,
MobileNetV1 per Howard et al. Table 1, SE-ResNet18 for CIFAR, HybridSN. The whole job follows the
HybridSN authors' code: scipy loadmat, scikit-learn PCA with whitening, every labelled window
materialised (createImageCubes), train_test_split, a DataLoader-style shuffled loop, Adam 0.001,
batch 256; the classification map is predicted row by row (the authors loop pixel by pixel, which
would be far slower: this peer is the generous one).
"""
import argparse
import json
import os
import platform
import resource
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

BATCH = 64
WARMUP_PASSES = 3  # untimed forward passes before timing: at least this many ...
WARMUP_SECONDS = 1.0  # ... and for at least this long (none with --quick), as Prism's bench


# ---------------------------------------------------------------- networks
class SEBasicBlock(nn.Module):
    def __init__(self, inp, planes, stride=1, reduction=16):
        super().__init__()
        self.conv1 = nn.Conv2d(inp, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or inp != planes:
            self.shortcut = nn.Sequential(nn.Conv2d(inp, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))
        self.fc1 = nn.Conv2d(planes, planes // reduction, 1)
        self.fc2 = nn.Conv2d(planes // reduction, planes, 1)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        w = F.avg_pool2d(out, out.size(2))
        w = torch.sigmoid(self.fc2(F.relu(self.fc1(w))))
        return F.relu(out * w + self.shortcut(x))


class SEResNet18(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        layers, inp = [], 64
        for planes, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
            layers.append(nn.Sequential(SEBasicBlock(inp, planes, stride), SEBasicBlock(planes, planes, 1)))
            inp = planes
        self.layers = nn.Sequential(*layers)
        self.linear = nn.Linear(512, classes)

    def forward(self, x):
        out = self.layers(F.relu(self.bn1(self.conv1(x))))
        return self.linear(torch.flatten(F.avg_pool2d(out, 4), 1))


class HybridSN(nn.Module):
    def __init__(self, bands=30, window=25, classes=16):
        super().__init__()
        self.conv1 = nn.Conv3d(1, 8, (7, 3, 3))
        self.conv2 = nn.Conv3d(8, 16, (5, 3, 3))
        self.conv3 = nn.Conv3d(16, 32, (3, 3, 3))
        d, s = bands - 12, window - 6
        self.conv4 = nn.Conv2d(32 * d, 64, 3)
        s -= 2
        self.fc1 = nn.Linear(64 * s * s, 256)
        self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, classes)
        self.drop = nn.Dropout(0.4)

    def forward(self, x):
        a = lambda t: F.leaky_relu(t, 0.01)
        x = a(self.conv3(a(self.conv2(a(self.conv1(x))))))
        x = x.reshape(x.shape[0], -1, x.shape[3], x.shape[4])
        x = torch.flatten(a(self.conv4(x)), 1)
        x = self.drop(a(self.fc1(x)))
        x = self.drop(a(self.fc2(x)))
        return self.fc3(x)


def mobilenet_v1(classes=1000, alpha=1.0, cifar=False):
    # Howard et al. 2017, Table 1: (output channels, stride) of each depthwise-separable layer
    table = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)] + [(512, 1)] * 5 + [(1024, 2), (1024, 1)]
    ch = lambda c: max(8, int(c * alpha))

    def cbr(i, o, k, s, g=1):
        return [nn.Conv2d(i, o, k, s, k // 2, groups=g, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True)]

    layers, inp = cbr(3, ch(32), 3, 1 if cifar else 2), ch(32)
    for c, s in table:
        layers += cbr(inp, inp, 3, s, inp) + cbr(inp, ch(c), 1, 1)
        inp = ch(c)
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(inp, classes))


def network(name, classes):
    import torchvision.models as tv
    if name == "se-resnet18":
        return SEResNet18(classes)
    if name == "hybridsn":
        return HybridSN(classes=classes)
    if name == "mobilenet-v1":
        return mobilenet_v1(classes)
    if name == "mobilenet-v2":
        return tv.mobilenet_v2(num_classes=classes)
    if name == "mobilenet-v2-cifar":
        m = tv.mobilenet_v2(num_classes=classes)
        m.features[0][0].stride = (1, 1)
        return m
    if name == "mobilenet-v3-large":
        return tv.mobilenet_v3_large(num_classes=classes)
    if name == "mobilenet-v3-small":
        return tv.mobilenet_v3_small(num_classes=classes)
    raise SystemExit("unknown network " + name)


# ---------------------------------------------------------------- measuring
def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_mib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def measurement(id_, model, batch, shape, unit, values, extra=None):
    v = sorted(values)
    n = len(v)
    median = v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2
    m = dict(id=id_, model=model, batch=batch, input=list(shape), unit=unit, median=median, min=v[0], max=v[-1],
             values=list(values), peakRssMiB=peak_mib(), extra=extra or {})
    print("%-34s %10.2f %-9s (min %.2f, max %.2f, n=%d), peak %d MiB" % (id_, median, unit, v[0], v[-1], n, m["peakRssMiB"]),
          file=sys.stderr, flush=True)
    return m


TRAIN = [("se-resnet18", 10, (3, 32, 32)), ("hybridsn", 16, (1, 30, 25, 25)), ("mobilenet-v2-cifar", 10, (3, 32, 32))]
INFER = ["mobilenet-v1", "mobilenet-v2", "mobilenet-v3-large", "mobilenet-v3-small"]


def bench_train(name, classes, shape, repeats, steps, autocast=False):
    """Training samples/s; with autocast, PyTorch's CPU mixed precision (bf16 compute, fp32 weights)."""
    reset_peak()
    torch.manual_seed(1)
    model = network(name, classes)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    rng = np.random.default_rng(7)
    n = BATCH * steps
    data = rng.standard_normal((n,) + shape, dtype=np.float32)
    labels = rng.integers(0, classes, n)
    model.train()
    values = []
    phases = [0.0, 0.0, 0.0, 0.0]  # seconds of the timed epochs: data, forward (with the loss), backward, optimizer
    for epoch in range(1 + repeats):
        order = rng.permutation(n)
        t0 = time.perf_counter()
        for s in range(steps):
            t_data = time.perf_counter()
            idx = order[s * BATCH:(s + 1) * BATCH]
            x = torch.from_numpy(data[idx])
            y = torch.from_numpy(labels[idx])
            opt.zero_grad()
            t_forward = time.perf_counter()
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
                loss = F.cross_entropy(model(x), y)
            t_backward = time.perf_counter()
            loss.backward()
            t_opt = time.perf_counter()
            opt.step()
            t_end = time.perf_counter()
            loss.item()
            if epoch > 0:
                for k, d in enumerate((t_forward - t_data, t_backward - t_forward, t_opt - t_backward, t_end - t_opt)):
                    phases[k] += d
        if epoch > 0:
            values.append(n / (time.perf_counter() - t0))
    per_step = {k + "_ms_per_step": round(1e3 * v / (repeats * steps), 2)
                for k, v in zip(("data", "forward", "backward", "optimizer"), phases)}
    return measurement(("train-bf16/" if autocast else "train/") + name, name, BATCH, shape, "samples/s", values,
                       dict(optimizer="adam", steps_per_repeat=steps, precision="bf16 autocast" if autocast else "fp32", **per_step))


def infer_cases(quick):
    """(model, size) as Prism's Bench.inferCases: the MobileNets at 224 and 32, HybridSN's windows."""
    return [(name, size) for size in ([32] if quick else [224, 32]) for name in INFER] + [("hybridsn", 11 if quick else 25)]


def infer_model(name, size):
    """The network and its sample shape: ImageNet's classes for the MobileNets, Indian Pines' for HybridSN."""
    torch.manual_seed(1)
    if name == "hybridsn":
        return HybridSN(bands=30, window=size, classes=16).eval(), (1, 30, size, size)
    return network(name, 1000).eval(), (3, size, size)


def export_onnx(folder, quick):
    """PyTorch's own ONNX export of every inference case (opset 13, dynamic batch), as MODEL@SIZE.onnx,
    for `prism bench --onnx-dir` to time in ONNX Runtime."""
    os.makedirs(folder, exist_ok=True)
    for name, size in infer_cases(quick):
        model, shape = infer_model(name, size)
        torch.onnx.export(model, torch.zeros((1,) + shape), os.path.join(folder, "%s@%d.onnx" % (name, size)), opset_version=13,
                          input_names=["input"], output_names=["scores"], dynamic_axes={"input": {0: "batch"}, "scores": {0: "batch"}})


def forward_times(name, size, batch, iterations, warmup_seconds):
    """Seconds per timed pass, after at least WARMUP_PASSES untimed passes lasting at least
    warmup_seconds (Prism's Bench.forwardTimes follows the same rule)."""
    reset_peak()
    model, shape = infer_model(name, size)
    x = np.random.default_rng(3).standard_normal((batch,) + shape, dtype=np.float32)
    out = []
    warm_until = time.perf_counter() + warmup_seconds
    with torch.no_grad():
        i = -WARMUP_PASSES
        while i < iterations:
            if i == 0 and time.perf_counter() < warm_until:
                i = -1  # still warming up
            t0 = time.perf_counter()
            model(torch.from_numpy(x)).numpy()
            if i >= 0:
                out.append(time.perf_counter() - t0)
            i += 1
    return out


def indian_pines_windows(cube_file, gt_file, window, K=30):
    """The authors' preparation: PCA to K whitened components, zero padding, every labelled window
    materialised (createImageCubes(removeZeroLabels=True)). Returns (patches NHWC, labels 0-based,
    padded cube, ground truth)."""
    from scipy.io import loadmat
    from sklearn.decomposition import PCA
    X = loadmat(cube_file)["data_M"].astype(np.float32)
    y = loadmat(gt_file)["indian_pines_gt"]
    newX = PCA(n_components=K, whiten=True).fit_transform(np.reshape(X, (-1, X.shape[2])))
    X = np.reshape(newX, (X.shape[0], X.shape[1], K)).astype(np.float32)
    m = window // 2
    padded = np.zeros((X.shape[0] + 2 * m, X.shape[1] + 2 * m, K), dtype=np.float32)
    padded[m:m + X.shape[0], m:m + X.shape[1]] = X
    rows, cols = np.nonzero(y)
    patches = np.zeros((len(rows), window, window, K), dtype=np.float32)
    for i, (r, c) in enumerate(zip(rows, cols)):
        patches[i] = padded[r:r + window, c:c + window]
    return patches, y[rows, cols] - 1, padded, y


def to_torch(a):
    """NHWC windows to the network's N x 1 x bands x H x W."""
    return torch.from_numpy(np.ascontiguousarray(a.transpose(0, 3, 1, 2)[:, None]))


def reference_epoch(model, opt, Xtr, ytr):
    """One epoch of the authors' loop: shuffled batches of 256, Adam, nothing else. Returns (mean loss, accuracy %)."""
    model.train()
    order = torch.randperm(len(ytr))
    loss_sum, correct = 0.0, 0
    for s in range(0, len(order), 256):
        idx = order[s:s + 256]
        opt.zero_grad()
        out = model(Xtr[idx])
        loss = F.cross_entropy(out, ytr[idx])
        loss.backward()
        opt.step()
        loss_sum += loss.item() * len(idx)
        correct += (out.argmax(1) == ytr[idx]).sum().item()
    return loss_sum / len(ytr), 100.0 * correct / len(ytr)


def bench_job(cube_file, gt_file, epochs, window, train_amount):
    """The HybridSN authors' pipeline (Roy et al. 2019, their Keras/PyTorch notebooks), timed whole."""
    from sklearn.model_selection import train_test_split
    reset_peak()
    t0 = time.perf_counter()
    K = 30
    patches, labels, padded, y = indian_pines_windows(cube_file, gt_file, window, K)
    if train_amount < 1:
        Xtr, Xte, ytr, yte = train_test_split(patches, labels, test_size=1 - train_amount, random_state=345, stratify=labels)
    else:
        rng = np.random.default_rng(345)
        tr = np.concatenate([rng.permutation(np.nonzero(labels == c)[0])[:int(train_amount)] for c in np.unique(labels)])
        te = np.setdiff1d(np.arange(len(labels)), tr)
        Xtr, Xte, ytr, yte = patches[tr], patches[te], labels[tr], labels[te]
    Xtr, Xte = to_torch(Xtr), to_torch(Xte)
    ytr, yte = torch.from_numpy(ytr.astype(np.int64)), torch.from_numpy(yte.astype(np.int64))
    torch.manual_seed(345)
    model = HybridSN(K, window, int(y.max()))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    t_train = time.perf_counter()
    for epoch in range(epochs):
        reference_epoch(model, opt, Xtr, ytr)
    train_seconds = time.perf_counter() - t_train
    model.eval()
    with torch.no_grad():
        pred = torch.cat([model(Xte[s:s + 256]).argmax(1) for s in range(0, len(yte), 256)])
        oa = 100.0 * (pred == yte).float().mean().item()
        full = np.zeros(y.shape, dtype=np.int64)
        for r in range(y.shape[0]):   # the classification map, one image row per batch
            row = np.stack([padded[r:r + window, c:c + window] for c in range(y.shape[1])])
            full[r] = model(to_torch(row)).argmax(1).numpy() + 1
    seconds = time.perf_counter() - t0
    return measurement("job/hybridsn-indian-pines", "hybridsn", 256, (1, K, window, window), "s", [seconds],
                       dict(epochs=epochs, window=window, oa=oa, train_seconds=train_seconds))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    scene = os.path.join(here, "..", "core", "src", "main", "resources", "dev", "prism", "scenes", "indian-pines")
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true")
    p.add_argument("--json", action="store_true")
    p.add_argument("--out")
    p.add_argument("--only", default="train,infer,job")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--repeats", type=int)
    p.add_argument("--train-steps", type=int)
    p.add_argument("--latency-iterations", type=int)
    p.add_argument("--job-epochs", type=int)
    p.add_argument("--export-onnx", metavar="DIR", help="only write PyTorch's ONNX export of every inference case into DIR")
    p.add_argument("--autocast", action="store_true", help="also measure training under CPU autocast (bf16), ids train-bf16/*")
    a = p.parse_args()
    q = a.quick
    repeats = a.repeats or (2 if q else 5)
    steps = a.train_steps or (1 if q else 5)
    lat = a.latency_iterations or (3 if q else 30)
    job_epochs = a.job_epochs or (1 if q else 2)
    if a.export_onnx:
        export_onnx(a.export_onnx, q)
        return
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    only = set(a.only.split(","))
    results = []
    unsupported = []
    if "train" in only:
        for name, classes, shape in TRAIN:
            results.append(bench_train(name, classes, shape, repeats, steps))
            if a.autocast:
                try:
                    results.append(bench_train(name, classes, shape, repeats, steps, autocast=True))
                except RuntimeError as e:   # e.g. PyTorch 1.13 has no bf16 CPU backward for hardtanh (ReLU6)
                    unsupported.append(dict(id="train-bf16/" + name, error=str(e).splitlines()[0]))
                    print("train-bf16/%s: not supported by this PyTorch: %s" % (name, unsupported[-1]["error"]), file=sys.stderr)
    if "infer" in only:
        for name, size in infer_cases(q):
            shape = infer_model(name, size)[1]
            t = forward_times(name, size, 1, lat, 0 if q else WARMUP_SECONDS)
            results.append(measurement("latency-b1/%s@%d" % (name, size), name, 1, shape, "ms", [1e3 * s for s in t]))
            t = forward_times(name, size, BATCH, repeats, 0 if q else WARMUP_SECONDS)
            results.append(measurement("throughput-b64/%s@%d" % (name, size), name, BATCH, shape, "samples/s",
                                       [BATCH / s for s in t]))
    if "job" in only:
        results.append(bench_job(os.path.join(scene, "IP_200_M.mat"), os.path.join(scene, "Indian_pines_gt.mat"), job_epochs,
                                 11 if q else 25, 10 if q else 0.3))
    report = dict(tool="pytorch", threads=a.threads, quick=q,
                  provenance=dict(versions=dict(pytorch=torch.__version__, python=platform.python_version(), numpy=np.__version__),
                                  machine="%d cores" % os.cpu_count(), started=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                  command=" ".join(sys.argv)),
                  results=results, unsupported=unsupported)
    text = json.dumps(report, indent=2)
    if a.out:
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        with open(a.out, "w") as f:
            f.write(text + "\n")
    if a.json:
        print(text)


if __name__ == "__main__":
    main()
