package org.espreso.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Measures the resolution of an image along one axis (paper §3.3): runs ESPRESO on the image — typically an
 * isotropic super-resolved one — with the chosen axis as the LR axis, and reports the FWHM of the estimated
 * profile in mm.
 */
@Command(name = "measure", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Measure the through-plane resolution of an image (e.g. a super-resolved one) along --lr-axis.",
            "Runs the slice-profile estimator along that axis and reports the FWHM in mm; writes the same files as estimate."})
final class MeasureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EstimateCommand.EstimatorOptions o;

    @Override
    public Integer call() throws Exception {
        return o.run(spec, true);
    }
}
