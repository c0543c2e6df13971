#!/usr/bin/env python3
"""Pairs Prism's and the PyTorch peer's bench reports by id and writes the ratio table.

usage: compare.py --date YYYY-MM-DD --out-json docs/bench/DATE.json --out-md docs/bench/DATE.md REPORT.json...
Values of every round are pooled per id and side; the ratio is Prism / PyTorch for throughputs
(samples/s) and PyTorch / Prism for times (ms, s), so above 1 always means Prism is faster.
Peak memory is compared the same way (PyTorch / Prism: above 1 = Prism uses less).
"""
import argparse
import json
import statistics


PHASES = ("data", "forward", "backward", "optimizer")


def pooled(reports, tool):
    out = {}
    for r in reports:
        if r["tool"] != tool:
            continue
        for m in r["results"]:
            e = out.setdefault(m["id"], dict(unit=m["unit"], values=[], peaks=[], extra=m.get("extra", {}), extras=[]))
            e["values"] += m["values"]
            e["extras"].append(m.get("extra", {}))
            if m.get("peakRssMiB", -1) >= 0:
                e["peaks"].append(m["peakRssMiB"])
    return out


def rounds(reports):
    """How many Prism reports measured the most-measured id (one per round, whatever the sections)."""
    counts = {}
    for r in reports:
        if r["tool"] == "prism":
            for m in r["results"]:
                counts[m["id"]] = counts.get(m["id"], 0) + 1
    return max(counts.values(), default=0)


def engine_table(prism, torch):
    """Inference on every engine: Prism on DJL, Prism's ONNX export in ONNX Runtime, PyTorch's export in
    ONNX Runtime (both timed by Prism's Java ONNX Runtime) and PyTorch eager; the last column compares
    the faster of Prism's two engines with ONNX Runtime on PyTorch's export (>1 = Prism faster)."""
    rows = []
    for id_ in prism:
        if not (id_.startswith("latency-b1/") or id_.startswith("throughput-b64/")):
            continue
        section, case = id_.split("/", 1)
        ort, ort_torch = prism.get(section + "-ort/" + case), prism.get(section + "-ort-torch/" + case)
        if ort is None or ort_torch is None:
            continue
        higher = prism[id_]["unit"] == "samples/s"
        med = lambda e: statistics.median(e["values"]) if e else float("nan")
        djl, own, theirs, eager = med(prism[id_]), med(ort), med(ort_torch), med(torch.get(id_))
        best = max(djl, own) if higher else min(djl, own)
        ratio = best / theirs if higher else theirs / best
        rows.append("| %s | %s | %.2f | %.2f | %.2f | %.2f | **%.2fx** |" % (id_, prism[id_]["unit"], djl, own, theirs, eager, ratio))
    if not rows:
        return []
    return ["", "Inference engines (medians; ONNX Runtime through its Java API with the same threads as the other engines):",
            "", "| measurement | unit | Prism, DJL | Prism's export, ONNX Runtime | PyTorch's export, ONNX Runtime | PyTorch eager |"
            " Prism's best / ORT on PyTorch's export |", "|---|---|---:|---:|---:|---:|---:|"] + rows


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--date", required=True)
    p.add_argument("--machine", default="")
    p.add_argument("--command", default="bench/run.sh")
    p.add_argument("--out-json", required=True)
    p.add_argument("--out-md", required=True)
    p.add_argument("reports", nargs="+")
    a = p.parse_args()
    reports = [json.load(open(f)) for f in a.reports]
    prism, torch = pooled(reports, "prism"), pooled(reports, "pytorch")
    rows = []
    for id_ in prism:
        if id_ not in torch:
            continue
        pv, tv = prism[id_], torch[id_]
        pm, tm = statistics.median(pv["values"]), statistics.median(tv["values"])
        higher_better = pv["unit"] == "samples/s"
        speed = pm / tm if higher_better else tm / pm
        ppk, tpk = max(pv["peaks"], default=-1), max(tv["peaks"], default=-1)
        rows.append(dict(id=id_, unit=pv["unit"], prism=pm, pytorch=tm, speedup=speed,
                         prism_spread=[min(pv["values"]), max(pv["values"])], pytorch_spread=[min(tv["values"]), max(tv["values"])],
                         prism_peak_mib=ppk, pytorch_peak_mib=tpk, prism_extra=pv["extra"], pytorch_extra=tv["extra"], n=[len(pv["values"]), len(tv["values"])]))
    # Prism fp32 training against PyTorch's CPU autocast (bf16), when the peer measured it
    for id_ in list(prism):
        auto = id_.replace("train/", "train-bf16/", 1)
        if id_.startswith("train/") and auto in torch:
            pm, tm = statistics.median(prism[id_]["values"]), statistics.median(torch[auto]["values"])
            rows.append(dict(id=id_ + " vs PyTorch bf16 autocast", unit="samples/s", prism=pm, pytorch=tm, speedup=pm / tm,
                             prism_spread=[min(prism[id_]["values"]), max(prism[id_]["values"])],
                             pytorch_spread=[min(torch[auto]["values"]), max(torch[auto]["values"])],
                             prism_peak_mib=max(prism[id_]["peaks"], default=-1), pytorch_peak_mib=max(torch[auto]["peaks"], default=-1),
                             prism_extra=prism[id_]["extra"], pytorch_extra=torch[auto]["extra"],
                             n=[len(prism[id_]["values"]), len(torch[auto]["values"])]))
    quick = any(r.get("quick") for r in reports)
    doc = dict(date=a.date, machine=a.machine, command=a.command, quick=quick, rounds=rounds(reports),
               comparisons=rows, reports=reports)
    with open(a.out_json, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    md = ["| measurement | unit | Prism (median) | PyTorch 1.13 eager (median) | speed ratio (>1 = Prism faster) | peak MiB Prism / PyTorch |",
          "|---|---|---:|---:|---:|---:|"]
    for r in rows:
        md.append("| %s | %s | %.2f | %.2f | **%.2fx** | %s / %s |" % (r["id"], r["unit"], r["prism"], r["pytorch"], r["speedup"],
                                                                 r["prism_peak_mib"], r["pytorch_peak_mib"]))
    for r in rows:
        if r["id"].startswith("job/"):
            md.append("")
            md.append("Job accuracy after %s epochs: Prism OA %.2f%%, PyTorch OA %.2f%% (short runs: a check that both learn, not a comparison)."
                      % (r["prism_extra"].get("epochs"), r["prism_extra"].get("oa", float("nan")), r["pytorch_extra"].get("oa", float("nan"))))
    phase_rows = []
    for id_ in prism:
        if id_.startswith("train/") and id_ in torch:
            cells = []
            for k in PHASES:
                pv = [e[k + "_ms_per_step"] for e in prism[id_]["extras"] if k + "_ms_per_step" in e]
                tv = [e[k + "_ms_per_step"] for e in torch[id_]["extras"] if k + "_ms_per_step" in e]
                if not pv or not tv:
                    break
                cells.append("%.0f / %.0f" % (statistics.median(pv), statistics.median(tv)))
            if len(cells) == len(PHASES):
                phase_rows.append("| %s | %s |" % (id_, " | ".join(cells)))
    if phase_rows:
        md += ["", "Where a training step goes, ms per step of 64, Prism / PyTorch (median over rounds; forward includes the loss, "
               "data includes handing the batch to the engine and, in PyTorch, zeroing the gradients):", "",
               "| measurement | " + " | ".join(PHASES) + " |", "|---|" + "---:|" * len(PHASES)] + phase_rows
    md += engine_table(prism, torch)
    with open(a.out_md, "w") as f:
        f.write("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
