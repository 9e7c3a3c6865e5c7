package org.espreso.smore;

/** How the two through-plane stacks' super-resolved volumes are combined (docs/smore.md). */
public enum Combine {
    /** Voxel-wise mean (SMORE v4). */
    MEAN,
    /** Fourier burst accumulation: per 3-D frequency, weights proportional to |F(v_i)|^p (the 2018 paper). */
    FBA
}
