"""Colin27 cropped along y (anterior-posterior) from 217 to 181 voxels (18..198), so that all three axes have the
same length; the affine keeps the voxels where they were. Usage: /usr/bin/python3 make_cube.py OUT.nii.gz"""
import sys
import numpy as np
import nibabel as nib

im = nib.load('/usr/share/mricron/templates/ch2.nii.gz')
a = np.asanyarray(im.dataobj)
aff = im.affine.copy()
aff[:3, 3] += aff[:3, 1] * 18
nib.save(nib.Nifti1Image(a[:, 18:199, :], aff, im.header), sys.argv[1])
