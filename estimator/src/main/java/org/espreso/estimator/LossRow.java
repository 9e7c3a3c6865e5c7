package org.espreso.estimator;

/**
 * One step of the training log, by name ({@code loss.csv} has the same columns, {@link Estimator#LOSS_COLUMNS}).
 * Values that do not apply to the step's phase are NaN (e.g. the discriminator loss during the warm-up).
 *
 * @param step        optimiser step (warm-up and GAN counted together)
 * @param warmUp      whether the step was a warm-up step (phase 0) rather than a GAN iteration (phase 1)
 * @param iteration   step within its phase
 * @param lr          learning rate of the step
 * @param beta1       Adam beta1 of the step
 * @param dLoss       discriminator loss
 * @param gAdversarial generator's adversarial loss
 * @param boundary    boundary regulariser
 * @param centre      centroid regulariser
 * @param peak        unimodality regulariser
 * @param smooth      smoothness regulariser
 * @param warmupMse   warm-up loss (distance to the start profile)
 * @param gTotal      the generator's total loss
 * @param emaFwhmTaps FWHM of the EMA profile (taps)
 * @param fwhmTaps    FWHM of the current profile (taps)
 */
public record LossRow(int step, boolean warmUp, int iteration, double lr, double beta1, double dLoss, double gAdversarial,
                      double boundary, double centre, double peak, double smooth, double warmupMse, double gTotal,
                      double emaFwhmTaps, double fwhmTaps) {
    /** A row of {@code loss.csv} (columns {@link Estimator#LOSS_COLUMNS}). */
    public static LossRow of(double[] r) {
        if (r.length != Estimator.LOSS_COLUMNS.size()) {
            throw new IllegalArgumentException("a loss row has " + Estimator.LOSS_COLUMNS.size() + " values, got " + r.length);
        }
        return new LossRow((int) r[0], r[1] == 0, (int) r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12],
                r[13], r[14]);
    }
}
