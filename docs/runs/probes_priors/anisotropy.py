"""Colin27's own resolution along each axis, relative to the others: the ratio of 1-D power spectra.

For two axes a and b of the same anatomy-like texture, P_a(f) / P_b(f) = |H_a(f)|^2 / |H_b(f)|^2 when the
texture is isotropic, so the log ratio against f^2 gives the difference of the Gaussian blur variances:
ln(P_b/P_a) = (2 pi f)^2 (sigma_b^2 - sigma_a^2). Spectra are taken along each axis over a central brain box,
Hann-windowed, averaged over all lines. Prints the fitted extra in-plane blur (FWHM of the Gaussian that would
make axis 2 look like axes 0 and 1) and what a measurement of a Gaussian blur added along axis 2 should read
relative to the in-plane resolution.
Usage: /usr/bin/python3 anisotropy.py [IMAGE]
"""
import sys
import numpy as np
import nibabel as nib

path = sys.argv[1] if len(sys.argv) > 1 else '/usr/share/mricron/templates/ch2.nii.gz'
a = nib.load(path).get_fdata().astype(np.float64)
box = a[40:140, 50:170, 30:150]
n = 96


def spectrum(ax):
    c = np.moveaxis(box, ax, -1)
    c = c[..., (c.shape[-1] - n) // 2:(c.shape[-1] - n) // 2 + n]
    c = c - c.mean(axis=-1, keepdims=True)
    w = np.hanning(n)
    p = np.abs(np.fft.rfft(c * w, axis=-1)) ** 2
    return p.reshape(-1, p.shape[-1]).mean(axis=0)


f = np.fft.rfftfreq(n)
P = [spectrum(ax) for ax in range(3)]
print('f (cycles/voxel) | P0/P2 | P1/P2')
for i in range(4, len(f), 6):
    print('%.3f | %.3f | %.3f' % (f[i], P[0][i] / P[2][i], P[1][i] / P[2][i]))
FWHM_PER_SIGMA = 2 * np.sqrt(2 * np.log(2))
sel = (f > 0.1) & (f < 0.45)
x = (2 * np.pi * f[sel]) ** 2
res = {}
for ax in (0, 1):
    y = np.log(P[2][sel] / P[ax][sel])       # = x (sigma_ax^2 - sigma_2^2)
    d = float(np.sum(x * y) / np.sum(x * x))  # least squares through the origin
    res[ax] = d
    print('axis %d vs axis 2: sigma^2 difference %.3f voxel^2 (extra FWHM %.2f voxels)' % (
        ax, d, FWHM_PER_SIGMA * np.sqrt(max(d, 0))))
d = (res[0] + res[1]) / 2
print('in-plane mean: sigma^2 difference %.3f voxel^2, extra in-plane FWHM %.2f voxels' % (d, FWHM_PER_SIGMA * np.sqrt(max(d, 0))))
for w in (2, 3, 4, 6):
    s2 = (w / FWHM_PER_SIGMA) ** 2 - d
    print('a %d mm Gaussian added along axis 2 reads, relative to in-plane: %.2f mm' % (w, FWHM_PER_SIGMA * np.sqrt(s2)))
