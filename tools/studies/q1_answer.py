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
import paired

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


def main():
    # per-class recall on the reference pixels, mean over seeds, for the arms the answer names
    paired.answer(REFERENCE, fields_family(), random_family(), ["cnn2d", "cnn3d", "hybridsn", "cnn2d-w9-gap25", "cnn3d-w9-gap25",
                                                               "hybridsn-w9-gap25", "svm-rbf", "cnn1d"], 5)


if __name__ == "__main__":
    main()
