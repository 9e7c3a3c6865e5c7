package org.espreso.estimator.io;

import java.io.PrintWriter;
import java.util.Locale;
import org.espreso.core.io.ProgressBar;
import org.espreso.estimator.Estimator;
import org.espreso.estimator.LossRow;

/** The estimator's iterations on the toolkit's {@link ProgressBar}: phase, losses and the current FWHM. */
public final class Progress implements Estimator.Listener {
    private final ProgressBar bar;

    public Progress(PrintWriter err, boolean terminal) {
        this(new ProgressBar(err, terminal));
    }

    public Progress(ProgressBar bar) {
        this.bar = bar;
    }

    @Override
    public void onStep(int done, int total, LossRow row) {
        String loss = row.warmUp() ? String.format(Locale.ROOT, "mse %.4g", row.warmupMse())
                : String.format(Locale.ROOT, "D %.3f G %.3f", row.dLoss(), row.gAdversarial());
        bar.update(row.warmUp() ? "warm-up" : "GAN", done, total, String.format(Locale.ROOT, "%s FWHM %.2f taps", loss,
                row.emaFwhmTaps()));
    }
}
