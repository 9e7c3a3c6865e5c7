package org.espreso.core.resample;

/** Keys' cubic convolution kernel with a = -0.75 (the value PyTorch's bicubic uses). */
public final class Keys {
    public static final double A = -0.75;

    private Keys() {
    }

    public static double weight(double x) {
        double t = Math.abs(x);
        if (t <= 1) {
            return ((A + 2) * t - (A + 3)) * t * t + 1;
        }
        if (t < 2) {
            return ((A * t - 5 * A) * t + 8 * A) * t - 4 * A;
        }
        return 0;
    }
}
