import numpy as np, nibabel as nib
from scipy.ndimage import gaussian_filter, convolve1d
rng = np.random.default_rng(0)
shape = (181, 181, 181)
f = gaussian_filter(rng.standard_normal(shape), 3.0)
f /= f.std()
v = np.where(f < -0.4, 300.0, np.where(f < 0.5, 700.0, 1000.0))
z, y, x = np.meshgrid(*[np.arange(n) - n // 2 for n in shape], indexing='ij')
r = np.sqrt(z ** 2 + y ** 2 + x ** 2) / 80
v[r > 1] = 0
v = gaussian_filter(v, 0.6)
nib.save(nib.Nifti1Image(v.astype(np.float32), np.eye(4)), 'sph.nii.gz')
k = np.load('/tmp/iso/lr_g2x1_profile.npy').astype(np.float64)
b = convolve1d(v.astype(np.float64), k, axis=2, mode='nearest')
nib.save(nib.Nifti1Image(b.astype(np.float32), np.eye(4)), 'sph_g2.nii.gz')
# no head at all: the random field fills the volume
w = gaussian_filter(np.where(f < -0.4, 300.0, np.where(f < 0.5, 700.0, 1000.0)), 0.6)
b = convolve1d(w, k, axis=2, mode='nearest')
nib.save(nib.Nifti1Image(b.astype(np.float32), np.eye(4)), 'full_g2.nii.gz')
