import numpy as np, nibabel as nib
from scipy.ndimage import gaussian_filter
rng = np.random.default_rng(0)
shape = (181, 217, 181)
# an isotropic random "anatomy": a smooth isotropic Gaussian random field cut into three tissue classes,
# inside a sphere-like head, then an isotropic 1-voxel-ish PSF: the same statistics along every axis
f = gaussian_filter(rng.standard_normal(shape), 3.0)
f /= f.std()
v = np.where(f < -0.4, 300.0, np.where(f < 0.5, 700.0, 1000.0))
z, y, x = np.meshgrid(*[np.arange(n) - n / 2 for n in shape], indexing='ij')
r = np.sqrt((z / 80) ** 2 + (y / 95) ** 2 + (x / 80) ** 2)
v[r > 1] = 0
v = gaussian_filter(v, 0.6)
img = nib.Nifti1Image(v.astype(np.float32), np.diag([1.0, 1.0, 1.0, 1.0]))
nib.save(img, '/tmp/iso/iso.nii.gz')
for ax in range(3):
    xx = np.moveaxis(v[30:150, 30:180, 30:150], ax, -1); xx = xx - xx.mean(-1, keepdims=True)
    P = (np.abs(np.fft.rfft(xx, axis=-1)) ** 2).reshape(-1, xx.shape[-1] // 2 + 1).mean(0)
    fr = np.arange(len(P)) / xx.shape[-1]
    print(ax, ['%.3g' % P[(fr >= a) & (fr < a + 0.1)].mean() for a in (0.1, 0.2, 0.3, 0.4)])
