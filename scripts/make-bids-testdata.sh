#!/usr/bin/env bash
# Makes a small BIDS dataset of simulated thick-slice scans from the Colin27 template (Debian's mricron-data):
# per subject an isotropic T1w (a crop of Colin27, which `espreso bids` skips as isotropic) and a thick-slice T2w
# simulated from it with `espreso simulate` (a different slice profile per subject, SliceThickness in its sidecar).
# Used by the cohort tests and docs/cohorts.md; the dataset passes the BIDS validator.
# Usage: scripts/make-bids-testdata.sh OUT_DIR [SUBJECTS (default 3)] [CROP (voxels per side, default 96)]
#   ESPRESO_CMD overrides how espreso is run (default: the repository's ./espreso launcher).
# Needs python3 with nibabel (the crop only).
set -euo pipefail
out="${1:?usage: make-bids-testdata.sh OUT_DIR [SUBJECTS] [CROP]}"
n="${2:-3}"
crop="${3:-96}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
colin=/usr/share/mricron/templates/ch2.nii.gz
[[ -f "$colin" ]] || { echo "make-bids-testdata: $colin not found (apt-get install mricron-data)" >&2; exit 1; }
[[ ! -e "$out" ]] || { echo "make-bids-testdata: $out exists; give a new folder" >&2; exit 2; }
read -r -a espreso <<<"${ESPRESO_CMD:-$here/espreso}"
py=/usr/bin/python3; [[ -x $py ]] || py=python3
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
# A crop of the template around its centre, so that every task of the test runs in seconds.
"$py" - "$colin" "$tmp/t1.nii.gz" "$crop" <<'PY'
import sys, nibabel as nib, numpy as np
img = nib.load(sys.argv[1]); c = int(sys.argv[3])
d = np.asarray(img.dataobj, dtype=np.float32)
lo = [(s - c) // 2 for s in d.shape]
sub = d[lo[0]:lo[0] + c, lo[1]:lo[1] + c, lo[2]:lo[2] + c]
aff = img.affine.copy(); aff[:3, 3] = img.affine[:3, :3] @ np.array(lo) + img.affine[:3, 3]
out = nib.Nifti1Image(sub, aff); out.header.set_xyzt_units('mm', 'sec'); out.set_qform(aff, 1); out.set_sform(aff, 1)
nib.save(out, sys.argv[2])
PY
cat >"$out/dataset_description.json" <<JSON
{
  "Name": "espreso cohort test (Colin27 simulations)",
  "BIDSVersion": "1.9.0",
  "DatasetType": "raw",
  "License": "CC0",
  "Authors": ["espreso"],
  "GeneratedBy": [{"Name": "espreso scripts/make-bids-testdata.sh"}]
}
JSON
printf 'Simulated thick-slice T2w scans made from the Colin27 template by scripts/make-bids-testdata.sh.\n' >"$out/README"
printf 'participant_id\n' >"$out/participants.tsv"
profiles=(gaussian rect gaussian gaussian)
fwhms=(3 3 4 2)
scales=(3 3 4 2)
for ((i = 1; i <= n; i++)); do
  sub=$(printf 'sub-%02d' "$i")
  k=$(( (i - 1) % 4 ))
  mkdir -p "$out/$sub/anat"
  cp "$tmp/t1.nii.gz" "$out/$sub/anat/${sub}_T1w.nii.gz"
  printf '{\n  "SliceThickness": 1.0\n}\n' >"$out/$sub/anat/${sub}_T1w.json"
  "${espreso[@]}" --threads 1 simulate -i "$tmp/t1.nii.gz" -o "$tmp/${sub}_T2w.nii.gz" --profile "${profiles[$k]}" \
    --fwhm "${fwhms[$k]}" --scale "${scales[$k]}" --lr-axis 2 >/dev/null
  mv "$tmp/${sub}_T2w.nii.gz" "$out/$sub/anat/${sub}_T2w.nii.gz"
  printf '{\n  "SliceThickness": %s\n}\n' "${fwhms[$k]}" >"$out/$sub/anat/${sub}_T2w.json"
  printf '%s\n' "$sub" >>"$out/participants.tsv"
done
echo "make-bids-testdata: $n subjects in $out"
