"""measure's calibration along each axis: seed 0 (recorded) against another seed, per cell and per axis. The
FWHM error is the experiment's (against the discretised true profile); the relative error is against the nominal blur.
Usage: /usr/bin/python3 compare.py SEED0_RUN OTHER_RUN"""
import glob, json, os, re, sys

def read(run):
    out = {}
    for f in glob.glob(os.path.join(run, "cells", "*", "*", "seed-*", "cell.json")):
        c = json.load(open(f))
        out[c["column"]] = c["metrics"][""]
    return out

a, b = read(sys.argv[1]), read(sys.argv[2])
print("| blur | axis | seed 0 | other seed | difference |")
print("|---|---|---|---|---|")
per_axis, rel = {}, []
for k in sorted(b, key=lambda k: (k.split()[-1], float(k.split()[0]))):
    t = float(k.split()[0]); ax = k.split()[-1]
    ra, rb = a[k]["est. FWHM (mm)"], b[k]["est. FWHM (mm)"]
    print(f"| {t:g} mm | {ax} | {ra:.2f} | {rb:.2f} | {rb - ra:+.2f} |")
    per_axis.setdefault(ax, []).append((a[k]["FWHM error (mm)"], b[k]["FWHM error (mm)"], rb - ra))
    rel += [(ra - t) / t, (rb - t) / t]
print()
for ax, v in sorted(per_axis.items()):
    n = len(v)
    print(f"axis {ax}: mean FWHM error seed 0 {sum(x[0] for x in v) / n:.2f} mm, other {sum(x[1] for x in v) / n:.2f} mm, "
          f"mean |seed difference| {sum(abs(x[2]) for x in v) / n:.2f} mm ({n} cells)")
diffs = [x[2] for v in per_axis.values() for x in v]
print(f"all: RMS seed difference {(sum(d * d for d in diffs) / len(diffs)) ** 0.5:.2f} mm; RMS relative error over both seeds "
      f"{(sum(r * r for r in rel) / len(rel)) ** 0.5:.3f} ({len(rel)} readings)")
