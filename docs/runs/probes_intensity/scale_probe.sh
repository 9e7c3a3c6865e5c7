#!/bin/bash
# Intensity-scale probe (docs/runs/probes_intensity/README.md). Run with the jar built BEFORE the calibrated preset
# had an intensityLevel (commit 27d6d48), on images that differ only by a constant factor.
#   $1: folder holding lr_g2x1.nii.gz (the isotropic phantom blurred along z by a 2 mm Gaussian, scale 1, made with
#       ../probes_tails_x8/isotropic/make_isotropic_phantom.py and `espreso simulate --fwhm 2 --scale 1`)
set -euo pipefail
cd "${1:?folder with lr_g2x1.nii.gz}"
/usr/bin/python3 - <<'PY'
import nibabel as nb, numpy as np
im = nb.load('lr_g2x1.nii.gz'); a = im.get_fdata(dtype=np.float32)
for c, n in [(0.01, 's001'), (10, 's10'), (100, 's100'), (1000, 's1000')]:
    nb.save(nb.Nifti1Image((a * c).astype(np.float32), im.affine, im.header), 'lr_g2x1_%s.nii.gz' % n)
PY
for n in s001 s10 s100 s1000; do
  java -jar espreso.jar --threads 2 measure -i lr_g2x1_$n.nii.gz --lr-axis 2 -o meas_$n > meas_$n.log 2>&1
done
