/**
 * The paper's evaluation metrics (docs/evaluation.md, "Metrics"), following the authors' evaluation code and verified
 * against scipy / scikit-image ({@code scripts/metrics_oracle.py}):
 * <ul>
 *   <li>{@link org.espreso.evaluation.metrics.HeadMask}: Gaussian smoothing (sigma 2 voxels), threshold at the
 *       median, fill holes;</li>
 *   <li>{@link org.espreso.evaluation.metrics.Psnr}: PSNR inside a mask, both images clipped to the reference's
 *       range;</li>
 *   <li>{@link org.espreso.evaluation.metrics.Ssim}: 3-D SSIM (7x7x7 uniform window, sample covariance) averaged
 *       inside a mask;</li>
 *   <li>{@link org.espreso.evaluation.metrics.ProfileErrors}: FWHM error and profile (L1) error;</li>
 *   <li>{@link org.espreso.evaluation.metrics.ImageMetrics}: PSNR and SSIM together.</li>
 * </ul>
 * All arithmetic is float64; inputs are float32 {@link org.espreso.core.volume.Volume}s. Images compared with
 * each other must have the same dims (an {@link java.lang.IllegalArgumentException} names both shapes) and only
 * finite voxels.
 */
package org.espreso.evaluation.metrics;
