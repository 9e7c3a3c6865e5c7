package org.espreso.cohort;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.espreso.bridge.Espreso;
import org.espreso.core.io.OutputFiles;
import org.espreso.core.nifti.NiftiReader;
import org.espreso.core.nifti.NiftiWriter;
import org.espreso.core.profile.Npy;
import org.espreso.core.profile.ProfileJson;
import org.espreso.core.volume.Volume;
import org.espreso.estimator.EstimatorResult;
import org.espreso.bridge.report.ResultWriter;
import org.espreso.estimator.io.Progress;
import org.espreso.smore.SmoreProgress;

/**
 * Runs one scan through the in-memory library (estimate → SR → measure, as far as the stage goes) and writes its
 * BIDS derivatives, then its status. A failure removes what the scan had written and records the reason; it never
 * touches other scans.
 */
public final class ScanRunner {
    /** The {@code desc-} entity of the SR image. */
    public static final String DESC = "smore";
    /** The suffix (before the extension) of the profile files, which BIDS has no name for (.bidsignore). */
    public static final String PROFILE = "_sliceprofile";

    /**
     * What every scan of a run shares.
     *
     * @param version the toolkit version recorded in sidecars
     * @param log     progress lines
     */
    public record Context(BidsDataset dataset, Path out, CohortSettings settings, String version, PrintWriter log) {
    }

    private ScanRunner() {
    }

    /** Processes (or records as skipped) one surveyed scan; returns the status it wrote. */
    public static ScanStatus run(Context c, ScanSurvey.Planned p) throws IOException {
        Scan s = p.scan();
        Builder b = new Builder(c, p);
        // What an earlier run of this scan wrote (other settings, or a failure's leftovers) goes first: the
        // folder never holds outputs that its status does not describe.
        ScanStatus previous = ScanStatus.read(c.out(), s.key());
        if (previous != null && previous.outputs() != null) {
            for (String o : previous.outputs()) {
                deleteOutput(c, o);
            }
        }
        if (!p.eligible()) {
            c.log().printf("[%s] skipped: %s%n", s.key(), p.reason());
            return b.finish(ScanStatus.State.SKIPPED, p.reason());
        }
        long t0 = System.nanoTime();
        try {
            compute(c, p, b);
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            for (String o : b.outputs) {
                deleteOutput(c, o);
            }
            b.outputs.clear();
            String why = ScanSurvey.oneLine(e.getMessage() == null ? e.toString() : e.getMessage());
            if (!why.contains(s.file().getFileName().toString())) {
                why = s.relative() + ": " + why;
            }
            b.seconds = (System.nanoTime() - t0) / 1e9;
            c.log().printf("[%s] FAILED: %s%n", s.key(), why);
            return b.finish(ScanStatus.State.FAILED, why);
        }
        b.seconds = (System.nanoTime() - t0) / 1e9;
        c.log().printf(Locale.ROOT, "[%s] done in %.0f s%n", s.key(), b.seconds);
        return b.finish(ScanStatus.State.DONE, null);
    }

    /**
     * Deletes a derivative a status lists, only where it can be one: a file inside the output folder (a status
     * edited or damaged by hand must not make a run delete anything else, least of all in the source dataset).
     */
    static void deleteOutput(Context c, String relative) throws IOException {
        Path root = c.out().toAbsolutePath().normalize();
        Path f = root.resolve(relative).normalize();
        if (f.startsWith(root) && !f.equals(root) && !f.startsWith(c.dataset().root()) && Files.isRegularFile(f)) {
            Files.delete(f);
        }
    }

    private static void compute(Context c, ScanSurvey.Planned p, Builder b) throws IOException {
        Scan s = p.scan();
        Path anat = c.out().resolve(s.anatDir());
        Files.createDirectories(anat);
        Volume lr = NiftiReader.read(s.file());
        int axis = p.sliceAxis();
        c.log().printf(Locale.ROOT, "[%s] estimating the slice profile (axis %d, %.3g mm slices, %.3g mm in-plane)...%n",
                s.key(), axis, p.spacing()[axis], p.inPlaneMm());
        EstimatorResult est = Espreso.estimate(lr, s.file(), axis, c.settings().estimator(), new Progress(c.log(), false));
        b.estimate = est;
        c.log().printf("[%s] %s%n", s.key(), est.summary());
        writeProfile(c, b, s.anatDir() + "/" + s.key() + PROFILE, est);
        if (c.settings().stage() == CohortSettings.Stage.ESTIMATE) {
            return;
        }
        c.log().printf("[%s] super-resolving (SMORE, %d steps)...%n", s.key(), c.settings().sr().steps());
        Volume sr = Espreso.superResolve(lr, axis, est.profile(), c.settings().kernel(), c.settings().sr(), new SmoreProgress(c.log(), false));
        String srName = s.anatDir() + "/" + s.derivative(DESC, ".nii.gz");
        NiftiWriter.write(sr, c.out().resolve(srName), true);
        b.outputs.add(srName);
        if (c.settings().stage() == CohortSettings.Stage.PIPELINE) {
            c.log().printf("[%s] measuring the SR image's through-plane resolution...%n", s.key());
            EstimatorResult m = Espreso.estimate(sr, axis, c.settings().estimator(), new Progress(c.log(), false));
            b.measured = m;
            c.log().printf("[%s] after SR: %s%n", s.key(), m.summary());
            writeProfile(c, b, s.anatDir() + "/" + s.derivative(DESC, "") + PROFILE, m);
        }
        String sidecar = s.anatDir() + "/" + s.derivative(DESC, ".json");
        OutputFiles.writeString(c.out().resolve(sidecar), true, ProfileJson.MAPPER.writeValueAsString(sidecar(c, p, lr, sr, b)) + "\n");
        b.outputs.add(sidecar);
    }

    private static void writeProfile(Context c, Builder b, String stem, EstimatorResult r) throws IOException {
        OutputFiles.write(c.out().resolve(stem + ".npy"), true, o -> Npy.write(o, r.profile().taps()));
        b.outputs.add(stem + ".npy");
        OutputFiles.writeString(c.out().resolve(stem + ".json"), true, ProfileJson.toJson(r.profile(), ResultWriter.summary(r)));
        b.outputs.add(stem + ".json");
    }

    /** The SR image's JSON sidecar: BIDS fields, then the estimate and the measurement with their uncertainties. */
    private static Map<String, Object> sidecar(Context c, ScanSurvey.Planned p, Volume lr, Volume sr, Builder b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Description", "Through-plane super-resolution (SMORE) along axis " + p.sliceAxis()
                + ", trained on the image's own in-plane slices and blurred with the slice profile ESPRESO estimated from it");
        m.put("Sources", List.of(Derivatives.sourceUri(p.scan())));
        m.put("SliceAxis", p.sliceAxis());
        m.put("VoxelSizeBefore", lr.spacing());
        m.put("VoxelSizeAfter", sr.spacing());
        if (Double.isFinite(p.thickness())) {
            m.put("SourceSliceThickness", p.thickness());
        }
        m.put("EstimatedSliceProfile", estimateFacts(b.estimate, p.scan().key() + PROFILE + ".json"));
        if (b.measured != null) {
            m.put("ResolutionAfterSR", estimateFacts(b.measured, p.scan().derivative(DESC, "") + PROFILE + ".json"));
        }
        m.put("Settings", c.settings().toMap());
        m.put("SoftwareName", Derivatives.NAME);
        m.put("SoftwareVersion", c.version());
        return m;
    }

    private static Map<String, Object> estimateFacts(EstimatorResult r, String file) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FWHM", r.fwhmMm());
        m.put("FWHMUncertainty", finite(r.fwhmUncertaintyMm()));
        double[] iv = r.fwhmIntervalMm();
        m.put("FWHMInterval", Double.isNaN(iv[0]) ? null : iv);
        m.put("NarrowerThanSliceSpacing", r.narrowerThanSpacing());
        m.put("Units", "mm");
        m.put("Converged", r.converged());
        m.put("Members", r.members().size());
        m.put("ProfileFile", file);
        return m;
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Collects a scan's facts as it goes. */
    private static final class Builder {
        final Context c;
        final ScanSurvey.Planned p;
        final List<String> outputs = new ArrayList<>();
        EstimatorResult estimate;
        EstimatorResult measured;
        double seconds = Double.NaN;

        Builder(Context c, ScanSurvey.Planned p) {
            this.c = c;
            this.p = p;
        }

        ScanStatus finish(ScanStatus.State state, String reason) throws IOException {
            Scan s = p.scan();
            Long size = null, mtime = null;
            try {
                size = Files.size(s.file());
                mtime = Files.getLastModifiedTime(s.file()).toMillis();
            } catch (IOException e) {
                // a vanished source: the status records no identity, so a later run redoes it
            }
            EstimatorResult e = state == ScanStatus.State.DONE ? estimate : null;
            EstimatorResult m = state == ScanStatus.State.DONE ? measured : null;
            double[] iv = e == null ? null : e.fwhmIntervalMm();
            ScanStatus st = new ScanStatus(s.key(), s.subject(), s.session(), s.suffix(), s.relative(), state, reason,
                    c.settings().identity(), size, mtime, p.sliceAxis() < 0 ? null : p.sliceAxis(),
                    p.spacing() == null ? null : p.spacing()[p.sliceAxis()], p.spacing() == null ? null : p.inPlaneMm(),
                    finite(p.thickness()), e == null ? null : e.fwhmMm(), e == null ? null : finite(e.fwhmUncertaintyMm()),
                    iv == null ? null : finite(iv[0]), iv == null ? null : finite(iv[1]), e == null ? null : e.converged(),
                    m == null ? null : m.fwhmMm(), m == null ? null : finite(m.fwhmUncertaintyMm()),
                    m == null ? null : m.converged(), Double.isNaN(seconds) ? null : seconds, finite(org.espreso.core.runtime.ProcessStats.peakRssMb()),
                    Instant.now().toString(), c.version(), List.copyOf(outputs));
            st.write(c.out());
            return st;
        }
    }
}
