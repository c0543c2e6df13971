#!/usr/bin/env python3
"""OA of cross-validated runs scored on one reference arm's test pixels, and paired differences.

A smaller window narrows the gap between training and test pixels, so its runs are scored on other
pixels than the study window's. This rescores every arm on the pixels the reference arm scored
(from each run's pooled predictions, predicted-cv.npy: -1 where not scored, else the class index)
and prints paired differences with 95% Student-t intervals (the evidence behind docs/study.md's
"scored on the window-25 test pixels alone").

Usage: same_pixels.py RUNS_DIR GROUND_TRUTH.mat REFERENCE_ARM ARM... [--seeds N]
  e.g. same_pixels.py docs/studies/ip-2d-vs-3d-runs ../shared/data/indian_pines/Indian_pines_gt.mat \
       hybridsn hybridsn-w9 cnn2d cnn2d-w9 svm-rbf
Needs numpy and scipy (Debian: python3-numpy, python3-scipy).
"""
import argparse
import statistics as st

import numpy as np
import scipy.io as sio
from scipy import stats


def main():
    p = argparse.ArgumentParser()
    p.add_argument("runs")
    p.add_argument("gt")
    p.add_argument("reference")
    p.add_argument("arms", nargs="+")
    p.add_argument("--seeds", type=int, default=5)
    a = p.parse_args()
    m = sio.loadmat(a.gt)
    gt = next(v for k, v in m.items() if not k.startswith("__")).astype(int)
    labels = sorted(set(gt.ravel()) - {0})
    dense = np.full(gt.shape, -1)
    for i, label in enumerate(labels):
        dense[gt == label] = i
    run = lambda arm, s: f"{a.runs}/{arm}-fields-kfold-seed{s}/predicted-cv.npy"
    seeds = []
    for s in range(1, a.seeds + 1):
        try:
            np.load(run(a.reference, s))
            seeds.append(s)
        except FileNotFoundError:
            pass
    oa = {}
    for arm in [a.reference] + a.arms:
        oa[arm] = []
        for s in seeds:
            mask = np.load(run(a.reference, s)) >= 0
            pred = np.load(run(arm, s))
            assert (pred[mask] >= 0).all(), f"{arm} seed {s} did not score every reference pixel"
            oa[arm].append(100 * float(np.mean(pred[mask] == dense[mask])))
        print(f"{arm:24s} OA on {a.reference}'s test pixels, seeds {seeds}: {st.mean(oa[arm]):6.2f}  {[round(x, 2) for x in oa[arm]]}")
    for arm in a.arms:
        for other in [a.reference] + [x for x in a.arms if x != arm]:
            d = [x - y for x, y in zip(oa[arm], oa[other])]
            if len(d) < 2:
                continue
            lo, hi = stats.t.interval(0.95, len(d) - 1, loc=st.mean(d), scale=st.stdev(d) / len(d) ** 0.5)
            print(f"  {arm} - {other}: {st.mean(d):+.2f} [{lo:+.2f}, {hi:+.2f}]  paired t p = {stats.ttest_rel(oa[arm], oa[other]).pvalue:.4f}")


if __name__ == "__main__":
    main()
