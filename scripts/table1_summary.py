#!/usr/bin/env python3
"""Summarises a Table 1 run (cells/*/*/seed-*/cell.json) as a markdown table: the estimate with its spread, whether
the interval covers the truth, convergence, the errors beside a reference run's and the paper's, and wall time.
With --systematic R the interval is recomputed from each estimate's profile.json as the estimator reports it with a
relative systematic error R: FWHM ± 2·sqrt(SD² + (R·FWHM)²), widened to the members' FWHMs, clipped at 0, and for a
decimated reading narrower than the slice spacing reaching up to the spacing (EstimatorResult#narrowerThanSpacing).
A run along another LR axis (columns "...-axisN") is matched to the reference's and the paper's cells of the same
profile and scale.
Usage: scripts/table1_summary.py [--systematic R] RUN_DIR [REFERENCE_RUN_DIR] [CONFIG_WITH_PAPER_NUMBERS]
(a run folder, or a folder holding its cells.json)"""
import glob, json, os, re, sys

def cells(run):
    """Per-cell results of a run folder, or of the cells.json an experiment writes (also as kept under docs/runs)."""
    out = {}
    whole = os.path.join(run, "cells.json")
    if os.path.exists(whole):
        for c in json.load(open(whole))["cells"]:
            out[c["column"]] = c
        return out
    for f in sorted(glob.glob(os.path.join(run, "cells", "*", "*", "seed-*", "cell.json"))):
        c = json.load(open(f))
        out[c["column"]] = c
    return out

def paper(config):
    rows, on = {}, False
    for line in open(config):
        if line.startswith("paper:"):
            on = True
            continue
        if on and line.startswith("  ") and ":" in line:
            key, rest = line.strip().split(":", 1)
            vals = dict(kv.split(":") for kv in rest.strip(" {}\n").split(", "))
            rows[key] = {k.strip(): float(v) for k, v in vals.items()}
    return rows

def base(column):
    """The Table 1 cell a column names: "gaussian-2mm-x4-axis1" (a run along another axis) is cell "gaussian-2mm-x4"."""
    return re.sub(r"-axis\d+$", "", column)

def fwhm(k):
    """FWHM in taps as the estimator defines it: linear interpolation of the half-maximum crossings."""
    h = max(k) / 2
    idx = [i for i, v in enumerate(k) if v > h]
    i0, i1 = idx[0], idx[-1]
    left = i0 if i0 == 0 else (i0 - 1) + (h - k[i0 - 1]) / (k[i0] - k[i0 - 1])
    right = i1 if i1 == len(k) - 1 else i1 + (k[i1] - h) / (k[i1] - k[i1 + 1])
    return right - left

def interval(run, cell, systematic):
    """The reported interval of a cell's estimate under a systematic fraction, from its profile.json."""
    f = os.path.join(run, "cells", cell["image"], cell["column"], f"seed-{cell['seed']}", "estimate", "profile.json")
    if not os.path.exists(f):
        return None
    d = json.load(open(f))
    c, sd, members = d["fwhm_mm"], d.get("fwhm_sd_mm") or 0.0, d.get("member_fwhm_mm") or []
    u = (sd ** 2 + (systematic * c) ** 2) ** 0.5
    hi = max([c + 2 * u] + members)
    if narrower_than_spacing(d):
        hi = max(hi, d["slice_spacing_mm"])
    return max(0.0, min([c - 2 * u] + members)), hi, u

def narrower_than_spacing(profile):
    """EstimatorResult#narrowerThanSpacing from a profile.json: decimated, and the reading below the slice spacing."""
    spacing, in_plane = profile.get("slice_spacing_mm"), profile.get("in_plane_spacing_mm")
    return (spacing is not None and in_plane is not None and spacing > in_plane * (1 + 1e-3)
            and profile["fwhm_mm"] < spacing)

def main():
    args = sys.argv[1:]
    systematic = None
    if args and args[0] == "--systematic":
        systematic = float(args[1])
        args = args[2:]
    run = args[0]
    ref = cells(args[1]) if len(args) > 1 else {}
    pap = paper(args[2]) if len(args) > 2 else {}
    cs = cells(run)
    order = sorted(cs, key=lambda k: (base(k).split("-")[0] != "gaussian", float(base(k).split("-")[1][:-2]),
                                      int(base(k).split("x")[-1])))
    print("| case | est. FWHM ± " + ("SD" if systematic is None else "u") + " (mm) | truth in interval | converged | FWHM error (release, paper) "
          "| profile error (release, paper) | PSNR | SSIM | wall (s) |")
    print("|---|---|---|---|---|---|---|---|---|")
    sums = {"fe": [], "pe": [], "psnr": [], "ssim": [], "cov": [], "conv": [], "wall": [], "rfe": [], "rpe": [],
            "pfe": [], "ppe": []}
    for k in order:
        m = cs[k]["metrics"][""]
        r = ref.get(k, ref.get(base(k), {})).get("metrics", {}).get("", {})
        p = pap.get(base(k), {})
        fe, pe = m["FWHM error (mm)"], m["profile error"]
        sums["fe"].append(fe); sums["pe"].append(pe); sums["psnr"].append(m["PSNR"]); sums["ssim"].append(m["SSIM"])
        cov = m.get("truth in interval", float("nan"))
        spread = m.get("FWHM SD (mm)", float("nan"))
        if systematic is not None:
            iv = interval(run, cs[k], systematic)
            truth = fwhm(cs[k]["trueProfile"])
            cov = 1.0 if iv and iv[0] <= truth <= iv[1] else 0.0
            spread = iv[2] if iv else float("nan")
        sums["cov"].append(cov); sums["conv"].append(m.get("converged", float("nan")))
        sums["wall"].append(cs[k]["seconds"])
        if r:
            sums["rfe"].append(r["FWHM error (mm)"]); sums["rpe"].append(r["profile error"])
        if p:
            sums["pfe"].append(p["FWHM error (mm)"]); sums["ppe"].append(p["profile error"])
        rf = f"{r['FWHM error (mm)']:.2f}" if r else "–"
        rp = f"{r['profile error']:.2f}" if r else "–"
        pf = f"{p['FWHM error (mm)']:.2f}" if p else "–"
        pp = f"{p['profile error']:.2f}" if p else "–"
        print(f"| {k} | {m['est. FWHM (mm)']:.2f} ± {spread:.2f} | "
              f"{'yes' if cov == 1 else 'no'} | {'yes' if m.get('converged') == 1 else 'no'} | "
              f"{fe:.2f} ({rf}, {pf}) | {pe:.2f} ({rp}, {pp}) | {m['PSNR']:.2f} | {m['SSIM']:.4f} | {cs[k]['seconds']:.0f} |")
    mean = lambda a: sum(a) / len(a) if a else float("nan")
    n = len(order)
    print(f"| mean of {n} | | {sum(x == 1 for x in sums['cov'])}/{n} | {sum(x == 1 for x in sums['conv'])}/{n} | "
          f"{mean(sums['fe']):.2f} ({mean(sums['rfe']):.2f}, {mean(sums['pfe']):.2f}) | "
          f"{mean(sums['pe']):.2f} ({mean(sums['rpe']):.2f}, {mean(sums['ppe']):.2f}) | {mean(sums['psnr']):.2f} | "
          f"{mean(sums['ssim']):.4f} | {mean(sums['wall']):.0f} |")
    print(f"\nmax FWHM error {max(sums['fe']):.2f} mm; cells over 1.0 mm: {sum(x > 1.0 for x in sums['fe'])}")

if __name__ == "__main__":
    main()
