package org.espreso.core.profile;

/** Factories for continuous slice profiles (docs/evaluation.md) and their reference discretisation. */
public final class Profiles {
    /** FWHM / sigma of a Gaussian: 2 sqrt(2 ln 2). */
    public static final double FWHM_PER_SIGMA = 2.0 * Math.sqrt(2.0 * Math.log(2.0));

    private Profiles() {
    }

    /** exp(-x^2 / (2 sigma^2)) with sigma = fwhm / 2.3548; fwhm in voxels. */
    public static SliceProfile gaussian(double fwhm) {
        requirePositive(fwhm);
        double sigma = fwhm / FWHM_PER_SIGMA;
        return new Analytic("gaussian", fwhm, Math.ceil(4 * sigma) + 1) {
            @Override
            public double valueAt(double x) {
                return Math.exp(-x * x / (2 * sigma * sigma));
            }
        };
    }

    /** 1 inside |x| < fwhm/2, 0.5 on the edge, 0 outside; fwhm in voxels. */
    public static SliceProfile rect(double fwhm) {
        requirePositive(fwhm);
        double half = fwhm / 2;
        return new Analytic("rect", fwhm, Math.ceil(half) + 1) {
            @Override
            public double valueAt(double x) {
                double a = Math.abs(x);
                // Exact equality matters: a rect of odd integer width sampled at integers hits its edges.
                return a < half ? 1.0 : a == half ? 0.5 : 0.0;
            }
        };
    }

    /**
     * A profile given by taps one voxel apart, centre at length/2, linearly interpolated between taps (zero
     * beyond them). Its {@link SliceProfile#fwhm()} is the discrete FWHM of the taps.
     */
    public static SliceProfile sampled(Profile taps) {
        return new Sampled(taps);
    }

    /**
     * The reference ("true") discrete profile of docs/evaluation.md: values at integer offsets -M..M with
     * M = ceil(FWHM) + 1, normalised to sum one, spaced {@code voxelMm} apart.
     */
    public static Profile discretise(SliceProfile p, double voxelMm) {
        if (p instanceof Sampled s) {
            // A profile given as taps is its own reference: re-sampling could only truncate its tails.
            return new Profile(s.k, voxelMm).normalised();
        }
        int m = (int) Math.ceil(p.fwhm()) + 1;
        double[] t = new double[2 * m + 1];
        for (int i = -m; i <= m; i++) {
            t[i + m] = p.valueAt(i);
        }
        return new Profile(t, voxelMm).normalised();
    }

    private static void requirePositive(double fwhm) {
        if (!(fwhm > 0) || Double.isInfinite(fwhm)) {
            throw new IllegalArgumentException("FWHM must be positive and finite, got " + fwhm);
        }
    }

    private abstract static class Analytic implements SliceProfile {
        private final String kind;
        private final double fwhm;
        private final double radius;

        Analytic(String kind, double fwhm, double radius) {
            this.kind = kind;
            this.fwhm = fwhm;
            this.radius = radius;
        }

        @Override
        public double supportRadius() {
            return radius;
        }

        @Override
        public double fwhm() {
            return fwhm;
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public String toString() {
            return kind + "(fwhm=" + fwhm + " vox)";
        }
    }

    private static final class Sampled extends Analytic {
        private final double[] k;
        private final int c;

        Sampled(Profile taps) {
            super("file", Fwhm.of(taps.taps()), Math.max(taps.length() / 2, taps.length() - 1 - taps.length() / 2) + 1);
            this.k = taps.taps();
            this.c = k.length / 2;
        }

        @Override
        public double valueAt(double x) {
            double p = x + c;
            if (p <= -1 || p >= k.length) {
                return 0;
            }
            int i = (int) Math.floor(p);
            double f = p - i;
            double a = i >= 0 ? k[i] : 0;
            double b = i + 1 < k.length ? k[i + 1] : 0;
            return a + f * (b - a);
        }
    }
}
