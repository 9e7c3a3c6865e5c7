package org.espreso.estimator.io;

import java.io.PrintWriter;
import java.util.Locale;
import org.espreso.core.io.ProgressBar;
import org.espreso.estimator.Estimator;

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
    public void onStep(int done, int total, double[] row) {
        boolean warmUp = row[1] == 0;
        String loss = warmUp ? String.format(Locale.ROOT, "mse %.4g", row[11])
                : String.format(Locale.ROOT, "D %.3f G %.3f", row[5], row[6]);
        bar.update(warmUp ? "warm-up" : "GAN", done, total, String.format(Locale.ROOT, "%s FWHM %.2f taps", loss, row[13]));
    }
}
