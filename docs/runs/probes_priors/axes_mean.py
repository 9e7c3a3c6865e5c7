"""Table 1 over several LR axes: per cell, the FWHM and profile errors along each axis and their mean.
Usage: /usr/bin/python3 axes_mean.py RUN_AXIS_A RUN_AXIS_B ... (run folders or folders holding cells.json)"""
import json, os, re, sys

def cells(run):
    c = json.load(open(os.path.join(run, "cells.json")))["cells"]
    return {re.sub(r"-axis\d+$", "", x["column"]): x["metrics"][""] for x in c}

runs = [cells(r) for r in sys.argv[1:]]
keys = sorted(runs[0], key=lambda k: (k.split("-")[0] != "gaussian", float(k.split("-")[1][:-2]), int(k.split("x")[-1])))
print("| cell | " + " | ".join(f"FWHM error, run {i + 1}" for i in range(len(runs))) + " | mean FWHM error | mean profile error |")
print("|---" * (len(runs) + 3) + "|")
fe_all, pe_all, over = [], [], 0
for k in keys:
    fe = [r[k]["FWHM error (mm)"] for r in runs]
    pe = [r[k]["profile error"] for r in runs]
    mf, mp = sum(fe) / len(fe), sum(pe) / len(pe)
    fe_all.append(mf); pe_all.append(mp); over += mf > 1.0
    print(f"| {k} | " + " | ".join(f"{x:.2f}" for x in fe) + f" | {mf:.2f} | {mp:.2f} |")
print(f"\nmean over {len(keys)} cells: FWHM error {sum(fe_all) / len(fe_all):.2f} mm, profile error "
      f"{sum(pe_all) / len(pe_all):.2f}; cells whose axis-mean error is over 1.0 mm: {over}")
per_run = [sum(r[k]["FWHM error (mm)"] for k in keys) / len(keys) for r in runs]
print("mean FWHM error per run: " + ", ".join(f"{x:.2f}" for x in per_run))
