#!/usr/bin/python3
"""Reference implementation of the paper's evaluation metrics (EVALUATION.md, "Metrics") with numpy, scipy and
scikit-image, used by the Java tests in org.espreso.evaluation.metrics as an independent oracle.

Run it with Debian's /usr/bin/python3 (nibabel, scipy and scikit-image come from apt).

Raw files are little-endian with x fastest (our Volume layout, NIfTI order): an (nx, ny, nz) array is read
with reshape((nx, ny, nz), order='F').

  metrics_oracle.py colin OUTDIR [--sigma S] [--noise N] [--seed K]
      Reads Colin27 (ch2.nii.gz), makes a degraded copy (Gaussian blur along z with sigma S voxels, scipy
      'reflect', plus Gaussian noise of standard deviation N), rounds both to float32 and writes
      OUTDIR/ref.f32, OUTDIR/test.f32; then as "files" below with the head mask of the reference.
  metrics_oracle.py files DIR NX NY NZ
      Reads DIR/ref.f32 and DIR/test.f32, writes the head mask of the reference to DIR/oracle_mask.u8 and the
      smoothed reference to DIR/smoothed.f64; computes PSNR and SSIM inside DIR/mask.u8 if that exists, else
      inside the oracle's head mask; writes the full SSIM map to DIR/ssim_map.f64.
Prints one JSON object on stdout.
"""
import json
import os
import sys
import time

import numpy as np
from scipy.ndimage import binary_fill_holes, gaussian_filter, gaussian_filter1d
from skimage.metrics import structural_similarity

COLIN27 = "/usr/share/mricron/templates/ch2.nii.gz"


def head_mask(image):
    """Gaussian sigma 2 voxels, threshold at the median (np.quantile 0.5), fill holes: the authors' calc_mask."""
    blur = gaussian_filter(image.astype(np.float64), 2)
    threshold = np.quantile(blur, 0.5)
    return binary_fill_holes(blur > threshold), blur, threshold


def cutoff(image, lo, hi):
    return np.clip(image, lo, hi)


def psnr(ref, test, mask):
    lo, hi = np.min(ref), np.max(ref)
    r = cutoff(ref, lo, hi)
    t = cutoff(test, lo, hi)
    mse = np.mean((r[mask] - t[mask]) ** 2)
    with np.errstate(divide="ignore"):
        return float(10 * np.log10((hi - lo) ** 2 / mse))


def ssim(ref, test, mask):
    r = cutoff(ref / np.max(ref) * 255, 0, 255)
    t = cutoff(test / np.mean(test[mask]) * np.mean(r[mask]), 0, 255)
    _, smap = structural_similarity(r, t, win_size=7, data_range=255, use_sample_covariance=True,
                                    gaussian_weights=False, full=True)
    return float(np.mean(smap[mask])), smap


def read_raw(path, shape, dtype):
    return np.fromfile(path, dtype=dtype).reshape(shape, order="F")


def write_raw(path, array, dtype):
    np.ascontiguousarray(array.ravel(order="F").astype(dtype)).tofile(path)


def evaluate(d, ref, test, mask=None):
    out = {"dims": list(ref.shape)}
    t0 = time.perf_counter()
    omask, blur, threshold = head_mask(ref)
    out["seconds_mask"] = time.perf_counter() - t0
    write_raw(os.path.join(d, "oracle_mask.u8"), omask, np.uint8)
    write_raw(os.path.join(d, "smoothed.f64"), blur, "<f8")
    out["median"] = float(threshold)
    out["mask_count"] = int(omask.sum())
    m = omask if mask is None else mask
    out["psnr"] = psnr(ref, test, m)
    t0 = time.perf_counter()
    out["ssim"], smap = ssim(ref, test, m)
    out["seconds_ssim"] = time.perf_counter() - t0
    write_raw(os.path.join(d, "ssim_map.f64"), smap, "<f8")
    return out


def main(argv):
    mode = argv[1]
    if mode == "colin":
        d = argv[2]
        opts = dict(zip(argv[3::2], argv[4::2]))
        sigma = float(opts.get("--sigma", 1.5))
        noise = float(opts.get("--noise", 0))
        seed = int(opts.get("--seed", 0))
        import nibabel as nib
        ref = np.asarray(nib.load(COLIN27).get_fdata(), dtype=np.float32)
        test = gaussian_filter1d(ref.astype(np.float64), sigma, axis=2, mode="reflect")
        if noise > 0:
            test = test + np.random.default_rng(seed).normal(0, noise, test.shape)
        test = test.astype(np.float32)
        write_raw(os.path.join(d, "ref.f32"), ref, "<f4")
        write_raw(os.path.join(d, "test.f32"), test, "<f4")
        result = evaluate(d, ref.astype(np.float64), test.astype(np.float64))
    elif mode == "files":
        d = argv[2]
        shape = tuple(int(s) for s in argv[3:6])
        ref = read_raw(os.path.join(d, "ref.f32"), shape, "<f4").astype(np.float64)
        test = read_raw(os.path.join(d, "test.f32"), shape, "<f4").astype(np.float64)
        mpath = os.path.join(d, "mask.u8")
        mask = read_raw(mpath, shape, np.uint8) > 0 if os.path.exists(mpath) else None
        result = evaluate(d, ref, test, mask)
    else:
        raise SystemExit("unknown mode " + mode)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
