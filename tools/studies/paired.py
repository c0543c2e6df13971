"""Paired comparisons of a study's arms, shared by the questions' answer scripts (q1_answer.py, q3_answer.py).

Cross-validated runs (fields-kfold) are scored on the pixels a reference arm scored, from each run's pooled
predictions (predicted-cv.npy: -1 where not scored, else the class index); random-split runs are taken from their
results.json (every arm of a seed shares its test pixels). A family of contrasts (label, arm a, arm b) gives, per
contrast, the paired mean difference a - b with its 95% Student-t interval, the paired t-test's p, the exact Wilcoxon
signed-rank p (zero differences discarded, as SciPy does) and the t-test's p Holm-adjusted within the family.
Needs numpy and scipy (Debian: python3-numpy, python3-scipy).
"""
import json
import os
import statistics as st

import numpy as np
import scipy.io as sio
from scipy import stats


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


def score(runs, gt, seeds, reference, fields_family, random_family):
    """Every arm's OA (and AA, recall per class on the reference's pixels) under both protocols, and the families' contrasts."""
    truth, classes = dense_labels(gt)
    arms = sorted({d.rsplit("-seed", 1)[0] for d in os.listdir(runs) if "-seed" in d})
    oa, aa, recall, pixels = {}, {}, {}, {}
    for arm in [x for x in arms if x.endswith("-fields-kfold")]:
        name = arm[: -len("-fields-kfold")]
        for s in range(1, seeds + 1):
            ref = f"{runs}/{reference}-fields-kfold-seed{s}/predicted-cv.npy"
            f = f"{runs}/{arm}-seed{s}/predicted-cv.npy"
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
    out = {"fields-kfold": {"oa": oa, "aa": aa, "recall": recall, "pixels": pixels, "contrasts": contrasts(fields_family, oa)}}
    roa = {}
    for arm in [x for x in arms if x.endswith("-random")]:
        name = arm[: -len("-random")]
        for s in range(1, seeds + 1):
            f = f"{runs}/{arm}-seed{s}/results.json"
            if os.path.exists(f):
                roa.setdefault(name, {})[s] = json.load(open(f))["test"]["oa"]
    out["random"] = {"oa": roa, "contrasts": contrasts(random_family, roa)}
    return out, truth


def print_tables(out, reference):
    for protocol in ["fields-kfold", "random"]:
        o = out[protocol]
        print(f"## {protocol}" + (f" (scored on {reference}'s window-25 test pixels: "
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


def print_recall(out, truth, runs, reference, shown):
    """Recall per class on the reference's pixels, mean over seeds, for the arms in shown."""
    recall = out["fields-kfold"]["recall"]
    names = [c["name"] for c in json.load(open(f"{runs}/{reference}-fields-kfold-seed1/results.json"))["test"]["perClass"]]
    shown = [x for x in shown if x in recall]
    print("## fields-kfold: recall per class on the window-25 test pixels (mean over seeds)")
    print("| class | pixels | " + " | ".join(shown) + " |")
    print("|---|---|" + "---|" * len(shown))
    mask = np.load(f"{runs}/{reference}-fields-kfold-seed1/predicted-cv.npy").ravel() >= 0
    for k, name in enumerate(names):
        cells = []
        for arm in shown:
            v = [r[k] for r in recall[arm].values() if r[k] is not None]
            cells.append(f"{st.mean(v):.0f}" if v else "-")
        print(f"| {name} | {int(np.sum(truth[mask] == k))} | " + " | ".join(cells) + " |")
    print()


def print_machines(runs, seeds):
    """Which CPU trained each run (its provenance.json): a study may span sessions on other machines, and the reader
    should see where a seed's arms were trained apart."""
    by_cpu = {}
    for d in sorted(os.listdir(runs)):
        f = f"{runs}/{d}/provenance.json"
        if "-seed" not in d or not os.path.exists(f) or int(d.rsplit("-seed", 1)[1]) > seeds:
            continue
        cpu = json.load(open(f)).get("engine", {}).get("cpu") or "not recorded"
        by_cpu.setdefault(cpu.split(", 2 cores")[0], []).append(d)
    print("## the CPUs that trained the runs (provenance.json)")
    print("| CPU | runs | seeds |")
    print("|---|---|---|")
    for cpu, names in sorted(by_cpu.items()):
        seed_set = sorted({int(n.rsplit("-seed", 1)[1]) for n in names})
        print(f"| {cpu} | {len(names)} | {', '.join(map(str, seed_set))} |")
    print()


def answer(reference, fields_family, random_family, shown, default_seeds):
    """The command line of an answer script: RUNS_DIR GROUND_TRUTH.mat [--seeds N] [--json OUT.json]."""
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument("runs")
    p.add_argument("gt")
    p.add_argument("--seeds", type=int, default=default_seeds)
    p.add_argument("--json")
    a = p.parse_args()
    out, truth = score(a.runs, a.gt, a.seeds, reference, fields_family, random_family)
    print_tables(out, reference)
    print_recall(out, truth, a.runs, reference, shown)
    print_machines(a.runs, a.seeds)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)
