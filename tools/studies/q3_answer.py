#!/usr/bin/env python3
"""Question 3's answer on one scene, from a hsi-attention study's runs: does spatial and channel attention improve HybridSN?

The contrasts are fixed here, written on 2026-12-07 when the 10-seed re-run had finished only seed
1 of the three attention arms on the random split (and HybridSN's 5 seeds, taken over from
hsi-2d-vs-3d), so that no contrast could yet be computed (a paired contrast needs 2 seeds): one
family per protocol, each attention arm against HybridSN, and CBAM (both sides) against each side
alone.
Each contrast gives the paired mean difference, its 95% Student-t interval, the paired t-test's p,
the exact Wilcoxon signed-rank p and the t-test's p Holm-adjusted within its family (paired.py).
Cross-validated runs are scored on HybridSN's test pixels (every arm has window 25, so the pixels
are the same; the check that every arm scored them is paired.py's).

Usage: q3_answer.py RUNS_DIR GROUND_TRUTH.mat [--seeds N] [--json OUT.json]
"""
import paired

REFERENCE = "hybridsn"
ATTENTION = ["hybridsn-se", "hybridsn-sa", "hybridsn-cbam"]


def family():
    """(label, arm a, arm b): a - b; the same family under both protocols."""
    f = [(f"{a} - hybridsn", a, REFERENCE) for a in ATTENTION]
    f.append(("hybridsn-cbam - hybridsn-se (adding spatial attention to channel attention)", "hybridsn-cbam", "hybridsn-se"))
    f.append(("hybridsn-cbam - hybridsn-sa (adding channel attention to spatial attention)", "hybridsn-cbam", "hybridsn-sa"))
    return f


def main():
    paired.answer(REFERENCE, family(), family(), [REFERENCE] + ATTENTION, 10)


if __name__ == "__main__":
    main()
