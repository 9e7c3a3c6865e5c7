package org.espreso.estimator;

import org.espreso.core.profile.Profiles;
import org.espreso.core.resample.Acquisition;
import org.espreso.core.volume.Volume;
import org.espreso.core.train.Rng;

/** Small synthetic volumes for tests. */
final class Phantoms {
    private Phantoms() {
    }

    /** Random blobs in a sphere on a zero background, isotropic 1 mm. */
    static Volume blobs(int n, long seed) {
        float[] d = new float[n * n * n];
        Rng r = new Rng(seed);
        int blobs = n * 3;
        double[][] c = new double[blobs][4];
        for (double[] b : c) {
            b[0] = n * (0.2 + 0.6 * r.nextDouble());
            b[1] = n * (0.2 + 0.6 * r.nextDouble());
            b[2] = n * (0.2 + 0.6 * r.nextDouble());
            b[3] = 1 + 3 * r.nextDouble();
        }
        double rad = n * 0.42;
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double dx = x - n / 2.0, dy = y - n / 2.0, dz = z - n / 2.0;
                    if (dx * dx + dy * dy + dz * dz > rad * rad) {
                        continue;
                    }
                    double v = 100;
                    for (double[] b : c) {
                        double q = ((x - b[0]) * (x - b[0]) + (y - b[1]) * (y - b[1]) + (z - b[2]) * (z - b[2])) / (b[3] * b[3]);
                        if (q < 1) {
                            v += 200;
                        }
                    }
                    d[x + n * (y + n * z)] = (float) v;
                }
            }
        }
        return Volume.of(new int[] {n, n, n}, new double[] {1, 1, 1}, d);
    }

    /** {@link #blobs} blurred along z by a Gaussian of {@code fwhm} voxels and downsampled by {@code scale}. */
    static Volume lowRes(int n, double fwhm, double scale, long seed) {
        return Acquisition.simulate(blobs(n, seed), 2, Profiles.gaussian(fwhm), scale);
    }
}
