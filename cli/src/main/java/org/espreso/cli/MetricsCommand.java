package org.espreso.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.espreso.core.InvalidInputException;
import org.espreso.core.io.OutputFiles;
import org.espreso.core.profile.ProfileJson;
import org.espreso.core.volume.Volume;
import org.espreso.evaluation.metrics.HeadMask;
import org.espreso.evaluation.metrics.ImageMetrics;
import org.espreso.evaluation.metrics.Mask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Masked PSNR and SSIM of a test image against a reference, with the paper's conventions (docs/evaluation.md). */
@Command(name = "metrics", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Masked PSNR and 3-D SSIM of a test image against a reference (docs/evaluation.md conventions).",
            "The mask is the reference's head mask unless --mask is given (non-zero voxels)."})
final class MetricsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--reference", required = true, paramLabel = "A", description = "Reference (truth) NIfTI.")
    Path reference;

    @Option(names = "--test", required = true, paramLabel = "B", description = "Test NIfTI on the same grid.")
    Path test;

    @Option(names = "--mask", paramLabel = "M", description = "Mask NIfTI (non-zero = inside).")
    Path maskFile;

    @Option(names = {"-o", "--output"}, paramLabel = "JSON", description = "Where to write the JSON (default: TEST_metrics.json beside the test image).")
    Path output;

    @Option(names = "--force", description = "Overwrite an existing JSON.")
    boolean force;

    @picocli.CommandLine.Mixin
    VolumeOption volume;

    @Override
    public Integer call() throws Exception {
        Path json = output != null ? output : Inputs.sibling(test, "_metrics.json");
        OutputFiles.checkWritable(json, force);
        Volume ref = read(reference);
        Volume tst = read(test);
        requireSameGrid(ref, reference, tst, test);
        Mask mask;
        if (maskFile != null) {
            Volume m = read(maskFile);
            requireSameGrid(ref, reference, m, maskFile);
            float[] d = m.data();
            boolean[] in = new boolean[d.length];
            for (int i = 0; i < d.length; i++) {
                in[i] = d[i] != 0;
            }
            mask = Mask.of(m.dims(), in);
        } else {
            mask = HeadMask.of(ref);
        }
        if (mask.count() == 0) {
            throw InvalidInputException.of(maskFile != null ? maskFile : reference, "the mask is empty");
        }
        ImageMetrics m;
        try {
            m = ImageMetrics.of(ref, tst, mask);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of(test, e.getMessage());
        }
        ObjectNode n = ProfileJson.MAPPER.createObjectNode();
        n.put("reference", reference.toAbsolutePath().toString());
        n.put("test", test.toAbsolutePath().toString());
        n.put("mask", maskFile != null ? maskFile.toAbsolutePath().toString() : "head mask of the reference");
        n.put("mask_voxels", mask.count());
        n.put("psnr_db", m.psnr());
        n.put("ssim", m.ssim());
        n.put("espreso_version", VersionProvider.version());
        OutputFiles.writeString(json, force, ProfileJson.MAPPER.writeValueAsString(n) + "\n");
        var out = spec.commandLine().getOut();
        out.printf("PSNR %.3f dB  SSIM %.5f  (%d mask voxels)%n", m.psnr(), m.ssim(), mask.count());
        out.println("wrote " + json);
        return 0;
    }

    /** An input; {@code --volume} picks the volume of each 4-D one (3-D inputs are read whole). */
    private Volume read(Path file) {
        boolean fourD = volume.index != null && org.espreso.core.nifti.NiftiReader.readHeader(file).volumeCount() > 1;
        return Inputs.image(file, fourD ? volume.index : null);
    }

    static void requireSameGrid(Volume a, Path pa, Volume b, Path pb) {
        if (!Arrays.equals(a.dims(), b.dims())) {
            throw InvalidInputException.of(pb, "dims " + Arrays.toString(b.dims()) + " differ from " + pa + " " + Arrays.toString(a.dims()));
        }
    }
}
