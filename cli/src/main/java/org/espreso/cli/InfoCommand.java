package org.espreso.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.espreso.core.nifti.NiftiHeader;
import org.espreso.core.nifti.NiftiReader;
import org.espreso.core.volume.Affine;
import org.espreso.core.volume.Volume;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A header summary: what the toolkit will make of the file (LR axis, scale, geometry) before any run. */
@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, description = "Header summary: dims, spacing, LR axis, scale, datatype, affine, qform/sform codes.")
final class InfoCommand implements Callable<Integer> {
    private static final String[] XFORM = {"unknown", "scanner", "aligned", "talairach", "mni152"};

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "NIfTI file.")
    Path input;

    @picocli.CommandLine.Mixin
    VolumeOption volume;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        NiftiHeader h = NiftiReader.readHeader(input);
        out.printf("file          %s%n", input);
        out.printf("format        NIfTI-%d, %s-endian%s%n", h.version(), h.byteOrder().toString().startsWith("BIG") ? "big" : "little",
                h.gzipped() ? ", gzip" : "");
        out.printf("datatype      %s (%d bits)%s%n", h.datatype(), h.bitpix(),
                h.hasScaling() ? String.format(", scl_slope %.6g, scl_inter %.6g", h.effectiveSlope(), h.effectiveIntercept()) : "");
        long[] dim = h.dim();
        out.printf("dims          %s%s%n", Arrays.toString(Arrays.copyOfRange(dim, 1, (int) dim[0] + 1)),
                h.volumeCount() > 1 ? "  (" + h.volumeCount() + " volumes; others need --volume)" : "");
        // The voxels as stored, NaN/Inf included: info describes a file, it does not judge it usable.
        Volume v = volume.index == null && h.volumeCount() > 1 ? null
                : volume.index == null ? NiftiReader.read(input) : NiftiReader.read(input, volume.index);
        double[] sp = h.spacing();
        out.printf("spacing       %.6g x %.6g x %.6g mm%n", sp[0], sp[1], sp[2]);
        if (v != null) {
            int lr = v.lrAxis();
            double s = v.scale(lr);
            out.printf("LR axis       %d (largest spacing)%s%n", lr, s < 1 + 1e-6 ? " -- isotropic: give --lr-axis to estimators" : "");
            out.printf("scale         %.4g (slice spacing / in-plane spacing)%n", s);
            out.printf("in-plane      %s%n", v.isInPlaneIsotropic(lr) ? "isotropic" : "ANISOTROPIC (spacings differ by more than 1%)");
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
            long nan = 0, inf = 0;
            for (float f : v.data()) {
                if (Float.isNaN(f)) {
                    nan++;
                } else if (Float.isInfinite(f)) {
                    inf++;
                } else {
                    min = Math.min(min, f);
                    max = Math.max(max, f);
                    sum += f;
                }
            }
            long finite = v.voxelCount() - nan - inf;
            if (finite > 0) {
                out.printf("intensity     min %.6g, max %.6g, mean %.6g%s%n", min, max, sum / finite,
                        nan + inf > 0 ? " (finite voxels)" : "");
            } else {
                out.println("intensity     no finite voxel");
            }
            if (nan + inf > 0) {
                out.printf("non-finite    %d voxels (%d NaN, %d infinite) of %d; estimate, sr and metrics refuse them "
                        + "(estimate --zero-nonfinite reads them as 0)%n", nan + inf, nan, inf, v.voxelCount());
            }
        }
        out.printf("qform_code    %d (%s)%n", h.qformCode(), xform(h.qformCode()));
        out.printf("sform_code    %d (%s)%n", h.sformCode(), xform(h.sformCode()));
        out.printf("affine (%s)%n", h.affineSource());
        printAffine(out, h.affine());
        return 0;
    }

    private static String xform(int code) {
        return code >= 0 && code < XFORM.length ? XFORM[code] : "non-standard";
    }

    private static void printAffine(java.io.PrintWriter out, Affine a) {
        for (String line : a.toString().split("\n")) {
            out.println("  " + line);
        }
    }
}
