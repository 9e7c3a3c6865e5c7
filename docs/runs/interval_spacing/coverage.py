"""How often the reported interval covers the truth in recorded Table 1 runs, with the interval as it was recorded and
with the rule of EstimatorResult#narrowerThanSpacing applied to it (a decimated reading narrower than the slice
spacing has an interval reaching the spacing). The estimate itself does not depend on the rule, so applying it to a
recorded profile.json gives what the current code reports for that cell.
Usage: /usr/bin/python3 coverage.py RUN [RUN ...]   (experiment output folders: cells.json and cells/)"""
import glob, json, os, re, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "scripts"))
from table1_summary import narrower_than_spacing  # the rule, written once

tot = {"cells": 0, "before": 0, "now": 0, "flagged": 0, "truth_at_or_below": 0, "flagged_covered_before": 0}
for run in sys.argv[1:]:
    cells = json.load(open(os.path.join(run, "cells.json")))["cells"]
    rows, old, new = [], 0, 0
    for c in cells:
        m = c["metrics"][""]
        col = c["column"]
        p = glob.glob(os.path.join(run, "cells", c["image"], col, "seed-%d" % c["seed"], "estimate", "profile.json"))
        prof = json.load(open(p[0]))
        lo, hi = prof["fwhm_interval_mm"]
        fwhm, s = prof["fwhm_mm"], prof["slice_spacing_mm"]
        truth = float(re.match(r"\w+-([\d.]+)mm", col).group(1))
        flagged = narrower_than_spacing(prof)
        hi_new = max(hi, s) if flagged else hi
        was, now = lo <= truth <= hi, lo <= truth <= hi_new
        old += was
        new += now
        rows.append((col, truth, s, fwhm, lo, hi, hi_new, flagged, was, now))
    print(f"## {run}\n")
    print("| cell | truth (mm) | spacing (mm) | FWHM read (mm) | interval as recorded | interval now | narrower than "
          "spacing | covered before / now |")
    print("|---|---|---|---|---|---|---|---|")
    for col, t, s, f, lo, hi, hn, fl, was, now in rows:
        print(f"| {col} | {t:g} | {s:g} | {f:.2f} | {lo:.2f}–{hi:.2f} | {lo:.2f}–{hn:.2f} | {'yes' if fl else 'no'} | "
              f"{'yes' if was else 'no'} / {'yes' if now else 'no'} |")
    print(f"\ncovered: {old} of {len(rows)} as recorded, {new} of {len(rows)} now\n")
    tot["cells"] += len(rows)
    tot["before"] += old
    tot["now"] += new
    tot["flagged"] += sum(r[7] for r in rows)
    tot["truth_at_or_below"] += sum(r[7] and r[1] <= r[2] for r in rows)
    tot["flagged_covered_before"] += sum(r[7] and r[8] for r in rows)
print(f"all runs: {tot['cells']} cells, covered {tot['before']} as recorded and {tot['now']} now; "
      f"{tot['flagged']} read narrower than their spacing, in {tot['truth_at_or_below']} of them the truth was at or "
      f"below the spacing, and the interval as recorded covered {tot['flagged_covered_before']} of them")
