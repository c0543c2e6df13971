#!/usr/bin/env python3
"""The HybridSN reference recipe in PyTorch itself, over seeds: how often does it collapse?

The course's reference (and the HybridSN authors' PyTorch notebook) trains with PyTorch's default
initialisation, Adam 0.001 and batches of 256, with no warm-up and no gradient clipping; with seed
345 it collapsed to a single class on this machine's predecessor (docs/results-log.md, "Robustness:
seed 345"). This runs that recipe (bench/peer.py's HybridSN and data preparation: PCA 30 whitened,
windows of 25, stratified 30% random split with random_state = seed, torch.manual_seed(seed)) for
each seed and appends one JSON line per finished seed to --out: OA, AA, Kappa, whether every test
pixel got one class (collapsed, as Prism's results.json), and the per-epoch training loss and
accuracy. Seeds already in --out are skipped, so the same command resumes.

  python3 bench/reference.py --seeds 1-5,345 --epochs 10 --out /work/studies/reference-pytorch.jsonl

Prism's emulation of the recipe is hsi-repeat's last arm (prism study hsi-repeat): this measures
whether PyTorch itself collapses as often.
"""
import argparse
import json
import os
import platform
import time

import numpy as np
import torch

import peer


def seeds(text):
    out = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def metrics(pred, truth, classes):
    cm = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(cm, (truth, pred), 1)
    oa = np.trace(cm) / cm.sum()
    per_class = np.diag(cm) / np.maximum(cm.sum(1), 1)
    expected = (cm.sum(0) * cm.sum(1)).sum() / cm.sum() ** 2
    return 100 * oa, 100 * per_class[cm.sum(1) > 0].mean(), 100 * (oa - expected) / (1 - expected)


def run(seed, epochs, data):
    from sklearn.model_selection import train_test_split
    patches, labels, _, y = data
    Xtr, Xte, ytr, yte = train_test_split(patches, labels, test_size=0.7, random_state=seed, stratify=labels)
    Xtr, Xte = peer.to_torch(Xtr), peer.to_torch(Xte)
    ytr = torch.from_numpy(ytr.astype(np.int64))
    torch.manual_seed(seed)
    classes = int(y.max())
    model = peer.HybridSN(patches.shape[3], patches.shape[1], classes)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    curve = []
    t0 = time.perf_counter()
    for epoch in range(epochs):
        loss, acc = peer.reference_epoch(model, opt, Xtr, ytr)
        curve.append(dict(epoch=epoch + 1, loss=round(loss, 5), accuracy=round(acc, 3)))
        print("seed %d epoch %d/%d: loss %.4f train acc %.2f%%" % (seed, epoch + 1, epochs, loss, acc), flush=True)
    seconds = time.perf_counter() - t0
    model.eval()
    with torch.no_grad():
        pred = torch.cat([model(Xte[s:s + 256]).argmax(1) for s in range(0, len(yte), 256)]).numpy()
    oa, aa, kappa = metrics(pred, yte, classes)
    return dict(seed=seed, epochs=epochs, oa=round(oa, 4), aa=round(aa, 4), kappa=round(kappa, 4),
                collapsed=bool(len(np.unique(pred)) <= 1), distinct_predicted=int(len(np.unique(pred))),
                train_seconds=round(seconds, 1), curve=curve, pytorch=torch.__version__, python=platform.python_version(),
                threads=torch.get_num_threads(), finished=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=seeds, default=seeds("1-5,345"), help="e.g. 1-5,345 (default)")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--out", required=True, help="JSON lines, one per finished seed; appended to, resumed from")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    done = set()
    if os.path.exists(a.out):
        with open(a.out) as f:
            done = {(r["seed"], r["epochs"]) for r in map(json.loads, filter(str.strip, f))}
    todo = [s for s in a.seeds if (s, a.epochs) not in done]
    if not todo:
        print("every seed is in %s already" % a.out)
        return
    scene = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "src", "main", "resources", "dev", "prism",
                         "scenes", "indian-pines")
    data = peer.indian_pines_windows(os.path.join(scene, "IP_200_M.mat"), os.path.join(scene, "Indian_pines_gt.mat"), 25)
    for seed in todo:
        r = run(seed, a.epochs, data)
        with open(a.out, "a") as f:
            f.write(json.dumps(r) + "\n")
        print("seed %d: OA %.2f AA %.2f Kappa %.2f%s" % (seed, r["oa"], r["aa"], r["kappa"], " COLLAPSED" if r["collapsed"] else ""))


if __name__ == "__main__":
    main()
