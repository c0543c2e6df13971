#!/usr/bin/env python3
"""Question 1's answer on one scene, from a hsi-2d-vs-3d study's runs: every figure docs/study.md quotes.

Cross-validated runs (fields-kfold) are scored on the pixels the reference arm (window 25) scored,
from each run's pooled predictions (predicted-cv.npy: -1 where not scored, else the class index),
so that arms with a narrower gap (windows 9 and 15 with their own gap) are compared on the same
pixels as the rest; random-split runs are taken from their results.json (every arm of a seed
shares its test pixels). The contrasts are fixed here before the last seed is read, one family
per protocol, each with the paired mean difference, its 95% Student-t interval, the paired t-test's
p, the exact Wilcoxon signed-rank p (zero differences discarded, as SciPy does) and the t-test's p
Holm-adjusted within its family.

Usage: q1_answer.py RUNS_DIR GROUND_TRUTH.mat [--seeds N] [--json OUT.json]
Needs numpy and scipy (Debian: python3-numpy, python3-scipy).
"""
import argparse
import json
import os
import statistics as st

import numpy as np
import scipy.io as sio
from scipy import stats

NETS = ["cnn2d", "cnn3d", "hybridsn"]
BASELINES = ["svm-rbf", "random-forest", "cnn1d"]
REFERENCE = "hybridsn"


def fields_family():
    """(label, arm a, arm b): a - b, on the window-25 test pixels."""
    f = []
    for n in NETS:
        f.append((f"{n} w25 - svm-rbf", n, "svm-rbf"))
    for n in NETS:
        f.append((f"{n}: window 9 - window 25 (same training and test pixels)", f"{n}-w9-gap25", n))
    for n in NETS:
        f.append((f"{n}: window 15 - window 25 (same training and test pixels)", f"{n}-w15-gap25", n))
    for n in NETS:
        f.append((f"{n} w9: own gap - gap of 25 (more training pixels)", f"{n}-w9", f"{n}-w9-gap25"))
    f.append(("cnn2d - cnn3d, window 25", "cnn2d", "cnn3d"))
    f.append(("cnn2d - hybridsn, window 25", "cnn2d", "hybridsn"))
    f.append(("cnn2d - cnn3d, window 9 gap 25", "cnn2d-w9-gap25", "cnn3d-w9-gap25"))
    f.append(("cnn2d - hybridsn, window 9 gap 25", "cnn2d-w9-gap25", "hybridsn-w9-gap25"))
    f.append(("cnn2d w9 gap 25 - svm-rbf", "cnn2d-w9-gap25", "svm-rbf"))
    f.append(("hybridsn w9 gap 25 - svm-rbf", "hybridsn-w9-gap25", "svm-rbf"))
    return f


def random_family():
    f = []
    for n in NETS:
        f.append((f"{n} w25 - svm-rbf", n, "svm-rbf"))
    for n in NETS:
        f.append((f"{n}: window 25 - window 9", n, f"{n}-w9"))
    f.append(("cnn3d - cnn2d, window 25", "cnn3d", "cnn2d"))
    f.append(("hybridsn - cnn2d, window 25", "hybridsn", "cnn2d"))
    return f


def dense_labels(gt_file):
    m = sio.loadmat(gt_file)
    gt = next(v for k, v in m.items() if not k.startswith("__")).astype(int)
    labels = sorted(set(gt.ravel()) - {0})
    dense = np.full(gt.shape, -1)
    for i, label in enumerate(labels):
        dense[gt == label] = i
    return dense.ravel(), len(labels)


def scores_on(pred, truth, mask, classes):
    p, t = pred[mask], truth[mask]
    recall = [float(np.mean(p[t == k] == k)) for k in range(classes) if np.any(t == k)]
    return 100 * float(np.mean(p == t)), 100 * float(np.mean(recall)), [
        (100 * float(np.mean(p[t == k] == k)) if np.any(t == k) else None) for k in range(classes)]


def holm(ps):
    order = sorted(range(len(ps)), key=lambda i: ps[i])
    adj, running = [0.0] * len(ps), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(ps) - rank) * ps[i]))
        adj[i] = running
    return adj


def contrasts(family, oa):
    rows = []
    for label, a, b in family:
        if a not in oa or b not in oa:
            continue
        seeds = sorted(set(oa[a]) & set(oa[b]))
        x, y = [oa[a][s] for s in seeds], [oa[b][s] for s in seeds]
        d = [u - v for u, v in zip(x, y)]
        if len(d) < 2:
            continue
        sd = st.stdev(d)
        lo, hi = stats.t.interval(0.95, len(d) - 1, loc=st.mean(d), scale=sd / len(d) ** 0.5) if sd > 0 else (st.mean(d),) * 2
        tp = float(stats.ttest_rel(x, y).pvalue) if sd > 0 else 1.0
        nonzero = [v for v in d if v != 0]
        wp = float(stats.wilcoxon(nonzero).pvalue) if len(nonzero) > 0 else 1.0
        rows.append({"contrast": label, "a": a, "b": b, "seeds": seeds, "mean": st.mean(d), "lo": lo, "hi": hi,
                     "t_p": tp, "wilcoxon_p": wp, "differences": d})
    for r, h in zip(rows, holm([r["t_p"] for r in rows])):
        r["holm_t_p"] = h
    return rows


def main():
    p = argparse.ArgumentParser()
    p.add_argument("runs")
    p.add_argument("gt")
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--json")
    a = p.parse_args()
    truth, classes = dense_labels(a.gt)
    arms = sorted({d.rsplit("-seed", 1)[0] for d in os.listdir(a.runs) if "-seed" in d})
    out = {"fields-kfold": {}, "random": {}}

    # cross-validation over fields, on the reference arm's pixels
    oa, aa, recall, pixels = {}, {}, {}, {}
    for arm in [x for x in arms if x.endswith("-fields-kfold")]:
        name = arm[: -len("-fields-kfold")]
        for s in range(1, a.seeds + 1):
            ref = f"{a.runs}/{REFERENCE}-fields-kfold-seed{s}/predicted-cv.npy"
            f = f"{a.runs}/{arm}-seed{s}/predicted-cv.npy"
            if not (os.path.exists(ref) and os.path.exists(f)):
                continue
            mask = np.load(ref).ravel() >= 0
            pred = np.load(f).ravel()
            assert (pred[mask] >= 0).all(), f"{arm} seed {s} did not score every reference pixel"
            o, m, r = scores_on(pred, truth, mask, classes)
            oa.setdefault(name, {})[s] = o
            aa.setdefault(name, {})[s] = m
            recall.setdefault(name, {})[s] = r
            pixels[s] = int(mask.sum())
    out["fields-kfold"] = {"oa": oa, "aa": aa, "recall": recall, "pixels": pixels,
                           "contrasts": contrasts(fields_family(), oa)}
    # the random split
    roa = {}
    for arm in [x for x in arms if x.endswith("-random")]:
        name = arm[: -len("-random")]
        for s in range(1, a.seeds + 1):
            f = f"{a.runs}/{arm}-seed{s}/results.json"
            if os.path.exists(f):
                roa.setdefault(name, {})[s] = json.load(open(f))["test"]["oa"]
    out["random"] = {"oa": roa, "contrasts": contrasts(random_family(), roa)}

    for protocol in ["fields-kfold", "random"]:
        o = out[protocol]
        print(f"## {protocol}" + (f" (scored on {REFERENCE}'s window-25 test pixels: "
                                   f"{', '.join(str(v) for v in o['pixels'].values())} per seed)" if protocol == "fields-kfold" else ""))
        print("| arm | seeds | OA mean ± sd |" + (" AA mean |" if protocol == "fields-kfold" else ""))
        print("|---|---|---|" + ("---|" if protocol == "fields-kfold" else ""))
        for name in sorted(o["oa"]):
            v = list(o["oa"][name].values())
            line = f"| {name} | {len(v)} | {st.mean(v):.2f} ± {st.stdev(v) if len(v) > 1 else 0:.2f} |"
            if protocol == "fields-kfold":
                line += f" {st.mean(o['aa'][name].values()):.2f} |"
            print(line)
        print()
        print("| contrast (a - b) | n | mean | 95% CI | t p | Holm t p | Wilcoxon p |")
        print("|---|---|---|---|---|---|---|")
        for r in o["contrasts"]:
            print(f"| {r['contrast']} | {len(r['seeds'])} | {r['mean']:+.2f} | [{r['lo']:+.2f}, {r['hi']:+.2f}] | "
                  f"{r['t_p']:.4f} | {r['holm_t_p']:.4f} | {r['wilcoxon_p']:.4f} |")
        print()
    # per-class recall on the reference pixels, mean over seeds, for the arms the answer names
    names = [c["name"] for c in json.load(open(f"{a.runs}/{REFERENCE}-fields-kfold-seed1/results.json"))["test"]["perClass"]]
    shown = [x for x in ["cnn2d", "cnn3d", "hybridsn", "cnn2d-w9-gap25", "cnn3d-w9-gap25", "hybridsn-w9-gap25", "svm-rbf", "cnn1d"]
             if x in recall]
    print("## fields-kfold: recall per class on the window-25 test pixels (mean over seeds)")
    print("| class | pixels | " + " | ".join(shown) + " |")
    print("|---|---|" + "---|" * len(shown))
    mask = np.load(f"{a.runs}/{REFERENCE}-fields-kfold-seed1/predicted-cv.npy").ravel() >= 0
    for k, name in enumerate(names):
        cells = []
        for arm in shown:
            v = [r[k] for r in recall[arm].values() if r[k] is not None]
            cells.append(f"{st.mean(v):.0f}" if v else "-")
        print(f"| {name} | {int(np.sum(truth[mask] == k))} | " + " | ".join(cells) + " |")
    print()
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
