#!/usr/bin/python3
"""nibabel oracle for espreso's NIfTI reader/writer tests.

Run with Debian's python (/usr/bin/python3), which has nibabel and numpy.

  nifti_oracle.py info [--dump DIR] FILE...
      Prints a JSON list with one object per FILE: what nibabel makes of it (shape, img.affine, get_qform(),
      get_sform(), codes, pixdim, datatype, scaling, version) or {"error": ...}. With --dump, also writes the
      scaled voxel values (nibabel's get_fdata(), i.e. scl_slope/scl_inter applied) as little-endian float32 in
      Fortran (x-fastest) order to DIR/<n>.f32 and names it in "dump".

  nifti_oracle.py make DIR
      Writes nibabel-made fixtures covering cases the nibabel test data lacks (qform-only, no codes, scaled
      integers, big-endian, NIfTI-2 big-endian, 2-D, 4-D, negative qfac, unsupported datatypes, 5-D, .hdr/.img)
      and prints a JSON list of {"file", "kind"} where kind is "ok" or the problem the reader must report.
"""
import json
import os
import sys

import numpy as np
import nibabel as nib


def to_list(a):
    return None if a is None else np.asarray(a, dtype=np.float64).tolist()


def info(path, dump_dir, n):
    out = {"file": path}
    try:
        img = nib.load(path)
    except Exception as e:  # noqa: BLE001 - report whatever nibabel says
        out["error"] = f"{type(e).__name__}: {e}"
        return out
    out["class"] = type(img).__name__
    hdr = img.header
    if not isinstance(img, (nib.Nifti1Image, nib.Nifti2Image, nib.Nifti1Pair)) or hasattr(img, "nifti_header"):
        out["error"] = f"not a plain NIfTI image: {type(img).__name__}"
        return out
    out["version"] = 2 if isinstance(hdr, nib.Nifti2Header) else 1
    out["endianness"] = "big" if hdr.endianness == ">" else "little"
    out["shape"] = [int(x) for x in img.shape]
    out["datatype"] = int(hdr["datatype"])
    out["affine"] = to_list(img.affine)
    out["qform_code"] = int(hdr["qform_code"])
    out["sform_code"] = int(hdr["sform_code"])
    out["pixdim"] = to_list(hdr["pixdim"])
    out["xyzt_units"] = int(hdr["xyzt_units"])
    # nibabel moves the scaling from the header into the array proxy on load
    out["scl_slope"] = float(getattr(img.dataobj, "slope", 1.0))
    out["scl_inter"] = float(getattr(img.dataobj, "inter", 0.0))
    out["vox_offset"] = float(hdr["vox_offset"])
    out["descrip"] = hdr["descrip"].item().decode("latin-1")
    try:
        out["qform"] = to_list(hdr.get_qform())
    except Exception as e:  # noqa: BLE001
        out["qform_error"] = str(e)
    out["sform"] = to_list(hdr.get_sform())
    try:
        q = hdr.get_qform_quaternion()
        out["quaternion"] = to_list(q)
    except Exception as e:  # noqa: BLE001
        out["quaternion_error"] = str(e)
    if dump_dir is not None:
        try:
            data = np.asarray(img.get_fdata(dtype=np.float64), dtype="<f4")
            p = os.path.join(dump_dir, f"{n}.f32")
            with open(p, "wb") as f:
                f.write(data.tobytes(order="F"))
            out["dump"] = p
        except Exception as e:  # noqa: BLE001
            out["data_error"] = f"{type(e).__name__}: {e}"
    return out


def rotation(ax, ay, az):
    cx, sx, cy, sy, cz, sz = np.cos(ax), np.sin(ax), np.cos(ay), np.sin(ay), np.cos(az), np.sin(az)
    rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return rz @ ry @ rx


def affine(rot, zooms, offset):
    a = np.eye(4)
    a[:3, :3] = rot @ np.diag(zooms)
    a[:3, 3] = offset
    return a


def make(d):
    rng = np.random.default_rng(20240917)
    made = []

    def save(img, name, kind="ok"):
        p = os.path.join(d, name)
        nib.save(img, p)
        made.append({"file": p, "kind": kind})

    shape = (7, 6, 5)
    oblique = affine(rotation(0.3, -0.2, 0.5), [0.9, 1.1, 3.0], [-40.5, 12.25, 7.0])
    flipped = affine(rotation(0.1, 0.2, -0.4) @ np.diag([-1, 1, 1]), [1.0, 1.0, 2.5], [90, -126, -72])

    # qform only (sform_code 0), oblique rotation
    img = nib.Nifti1Image(rng.normal(100, 20, shape).astype(np.float32), None)
    img.set_qform(oblique, code=1)
    img.set_sform(None, code=0)
    save(img, "qform_only.nii")

    # qform only with a negative determinant (qfac -1), gzip
    img = nib.Nifti1Image(rng.normal(0, 1, shape).astype(np.float32), None)
    img.set_qform(flipped, code=2)
    img.set_sform(None, code=0)
    save(img, "qform_only_qfac.nii.gz")

    # neither code: the NIfTI standard's pixdim diagonal (nibabel's img.affine differs: centred, x flipped)
    img = nib.Nifti1Image(rng.integers(0, 200, shape).astype(np.uint8), None)
    img.header.set_zooms((2.0, 3.0, 4.0))
    img.set_qform(None, code=0)
    img.set_sform(None, code=0)
    save(img, "no_codes.nii")

    # sform only, sheared (qform cannot represent a shear)
    sheared = oblique.copy()
    sheared[0, 1] += 0.4
    img = nib.Nifti1Image(rng.normal(0, 1, shape).astype(np.float32), sheared)
    img.set_qform(None, code=0)
    img.set_sform(sheared, code=4)
    save(img, "sform_sheared.nii.gz")

    # scaled integers (scl_slope / scl_inter)
    for dt, name, slope, inter in [(np.int16, "scaled_int16.nii.gz", 0.25, -10.0),
                                   (np.uint8, "scaled_uint8.nii", 3.5, 100.0),
                                   (np.int32, "scaled_int32_be.nii", 0.001, 2.5)]:
        raw = rng.integers(np.iinfo(dt).min // 2 if np.iinfo(dt).min else 0, np.iinfo(dt).max // 2, shape)
        hdr = nib.Nifti1Header(endianness=">" if name.endswith("_be.nii") else "<")
        hdr.set_data_dtype(dt)
        img = nib.Nifti1Image(raw.astype(np.float64) * slope + inter, oblique, hdr)
        img.header.set_slope_inter(slope, inter)
        img.set_data_dtype(dt)
        save(img, name)

    # every datatype, both byte orders, NIfTI-1 and NIfTI-2
    for dt in [np.uint8, np.int8, np.int16, np.uint16, np.int32, np.uint32, np.float32, np.float64]:
        for endian in "<>":
            for cls, hcls, v in [(nib.Nifti1Image, nib.Nifti1Header, 1), (nib.Nifti2Image, nib.Nifti2Header, 2)]:
                if np.dtype(dt).kind == "f":
                    data = rng.normal(0, 1000, shape).astype(dt)
                else:
                    info_ = np.iinfo(dt)
                    data = rng.integers(info_.min, info_.max, shape, endpoint=True, dtype=np.int64 if dt != np.uint32 else np.uint64).astype(dt)
                hdr = hcls(endianness=endian)
                hdr.set_data_dtype(dt)
                img = cls(data, flipped, hdr)
                img.set_qform(flipped, code=1)
                img.header.set_slope_inter(1, 0)
                suffix = ".nii.gz" if dt in (np.int16, np.float64) else ".nii"
                save(img, f"types_n{v}_{np.dtype(dt).name}_{'be' if endian == '>' else 'le'}{suffix}")

    # 2-D image (dim[0] = 2)
    img = nib.Nifti1Image(rng.normal(0, 1, (9, 4)).astype(np.float32), np.diag([0.5, 0.5, 1, 1]))
    save(img, "two_d.nii")

    # 4-D with 3 volumes
    img = nib.Nifti2Image(rng.normal(0, 1, shape + (3,)).astype(np.float32), oblique)
    save(img, "four_d_3vols.nii.gz")

    # 4-D with a single volume (read() accepts it)
    img = nib.Nifti1Image(rng.normal(0, 1, shape + (1,)).astype(np.float32), oblique)
    save(img, "four_d_1vol.nii")

    # refused: unsupported datatypes, 5-D, two-file pairs
    save(nib.Nifti1Image((rng.normal(0, 1, shape) + 1j).astype(np.complex64), oblique),
         "complex64.nii", "datatype 32 (complex64) is not supported")
    save(nib.Nifti1Image(rng.integers(0, 9, shape).astype(np.int64), oblique, dtype=np.int64),
         "int64.nii", "datatype 1024 (int64) is not supported")
    save(nib.Nifti1Image(rng.normal(0, 1, shape + (1, 3)).astype(np.float32), oblique),
         "five_d.nii", "dim[5] is 3")
    save(nib.Nifti1Pair(rng.normal(0, 1, shape).astype(np.float32), oblique),
         "pair.hdr", "magic is 'ni1'")
    save(nib.Nifti2Pair(rng.normal(0, 1, shape).astype(np.float32), oblique),
         "pair2.hdr", "magic is 'ni2'")
    print(json.dumps(made))


def main(argv):
    if len(argv) >= 2 and argv[0] == "make":
        os.makedirs(argv[1], exist_ok=True)
        make(argv[1])
        return 0
    if len(argv) >= 1 and argv[0] == "info":
        args = argv[1:]
        dump = None
        if len(args) >= 2 and args[0] == "--dump":
            dump = args[1]
            os.makedirs(dump, exist_ok=True)
            args = args[2:]
        print(json.dumps([info(p, dump, i) for i, p in enumerate(args)]))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
