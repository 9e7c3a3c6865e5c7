package org.espreso.estimator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every hyper-parameter of one ESPRESO run (docs/espreso.md), immutable. Start from {@link #preset} and override
 * single fields with the {@code with...} methods; {@link #toMap()} is what {@code config.json} records.
 *
 * @param preset            name of the preset the values came from ({@code release} or {@code ipmi2021})
 * @param iterations        GAN iterations after the warm-up
 * @param batchSize         patches per batch (each of the four batches of an iteration)
 * @param profileLength     K, number of taps of the estimated profile
 * @param maxLrPatch        LR patch length cap (16)
 * @param genChannels       channels of the generator's embedding and hidden convs (256)
 * @param genConvs          number of generator convs (2 release, 3 ipmi2021)
 * @param genReLU           ReLU between generator convs (release)
 * @param symmetrise        average the logits with their reverse before the softmax (release)
 * @param genWeightDecay    coupled L2 weight decay of the generator's Adam
 * @param discChannels      hidden channels of the discriminator (64)
 * @param discWidths        kernel widths of the discriminator's convs along axis 0
 * @param leakySlope        LeakyReLU negative slope (0.1)
 * @param lr                learning rate (constant) or max lr (one-cycle)
 * @param oneCycle          one-cycle schedule (release) instead of a constant lr
 * @param pctStart          warm fraction of the one-cycle schedule
 * @param divFactor         start lr = max / divFactor
 * @param finalDivFactor    final lr = start / finalDivFactor
 * @param beta1             Adam beta1 (constant schedule and warm-up)
 * @param beta2             Adam beta2
 * @param maxMomentum       one-cycle beta1 at the start and end
 * @param baseMomentum      one-cycle beta1 at the peak lr
 * @param clipValue         generator gradient clipping by value (0 = off)
 * @param warmupIterations  iterations pulling k toward an impulse before the GAN
 * @param warmupLr          learning rate of the warm-up
 * @param boundaryWeight    weight of the boundary regulariser
 * @param centreWeight      weight of the centroid regulariser
 * @param peakWeight        weight of the unimodality (peak) regulariser
 * @param smoothWeight      weight of the smoothness regulariser
 * @param smoothIterations  GAN iterations during which smoothness is active
 * @param emaBeta           EMA factor of the reported profile
 * @param gradientSampler   ipmi2021's gradient-weighted sampler instead of the foreground sampler
 * @param symmetricMargins  keep the slice window of every patch as far from the first and last slice as the in-plane
 *                          window is from the in-plane edges ((K−1)/2 voxels, the kernel's margin), so that real and
 *                          fake lines are drawn from the same distribution of positions (docs/espreso.md, "Why thin
 *                          profiles read narrow: the patch positions"); the foreground sampler only
 * @param normaliseIntensity divide by the max and multiply by 1000 (ipmi2021)
 * @param intensityLevel    scale the image so that the median of its foreground (above the lower 3-class multi-Otsu
 *                          threshold) is this value (0 = train on the intensities as they are, as published). The
 *                          adversarial equilibrium depends on the intensity scale, so a measurement normalises it
 *                          (docs/espreso.md, "The calibrated preset")
 * @param seed              random seed (patches and initial weights)
 * @param checkpointEvery   iterations between checkpoints (0 = none)
 * @param startFwhm         FWHM in taps of the Gaussian the warm-up pulls k toward; at most 1 means the impulse at
 *                          the centre tap (as published)
 * @param wideStartFwhm     the start of the odd-numbered ensemble members (taps; 0 = all start at {@code startFwhm})
 * @param members           independent runs (seeds {@code seed + j}) whose median profile is the estimate; 1 = one run
 * @param convergenceWindow GAN iterations over which the EMA profile must have stopped moving before the run stops
 *                          (0 = always run {@code iterations}); {@code iterations} is then the maximum budget
 * @param fwhmTolerance     largest change of the EMA profile's FWHM over the window that counts as converged (taps)
 * @param profileTolerance  largest change of any EMA tap over the window that counts as converged
 * @param freshGanOptimiser start the GAN phase with a new generator Adam state instead of the warm-up's (whose
 *                          second moments, built on the warm-up MSE's large gradients, shrink the first GAN steps)
 * @param lrDecay           with a convergence window and a constant lr: each time the test passes above
 *                          {@code lrFloor}, the lr is multiplied by this factor and the test starts again (1 = never)
 * @param lrFloor           the lr at which a passed convergence test ends the run
 * @param entropyWeight     weight of the negative-entropy regulariser {@code Σ k_i log k_i} (0 = off, as published)
 * @param boundaryFreeMass  the mass of the outer two taps on each side below which the boundary regulariser has no
 *                          gradient (0 = always active, as published): a hinge, so that the term holds the tails down
 *                          without pulling on a profile that already keeps them empty (docs/espreso.md, "Why thin
 *                          profiles read narrow: the patch positions and the generator's priors"; tried, not adopted)
 * @param peakTolerance     the size a step of the profile against unimodality must exceed before the peak regulariser
 *                          counts it (0 = every violation, as published); the floor's noise in the tails stays free
 * @param genLrScale        the generator's GAN learning rate as a multiple of {@code lr} (1 as published); below 1
 *                          the discriminator keeps up with the generator (two time scales), so that the generator
 *                          follows the gradient of a discriminator near its optimum instead of chasing one in a cycle
 * @param systematicFraction the estimator's relative systematic error, measured on a calibration set
 *                          (docs/espreso.md): the reported uncertainty combines it with the members' spread
 */
public record EstimatorConfig(
        String preset,
        int iterations,
        int batchSize,
        int profileLength,
        int maxLrPatch,
        int genChannels,
        int genConvs,
        boolean genReLU,
        boolean symmetrise,
        double genWeightDecay,
        int discChannels,
        int[] discWidths,
        double leakySlope,
        double lr,
        boolean oneCycle,
        double pctStart,
        double divFactor,
        double finalDivFactor,
        double beta1,
        double beta2,
        double maxMomentum,
        double baseMomentum,
        double clipValue,
        int warmupIterations,
        double warmupLr,
        double boundaryWeight,
        double centreWeight,
        double peakWeight,
        double smoothWeight,
        int smoothIterations,
        double emaBeta,
        boolean gradientSampler,
        boolean symmetricMargins,
        boolean normaliseIntensity,
        double intensityLevel,
        long seed,
        int checkpointEvery,
        double startFwhm,
        double wideStartFwhm,
        int members,
        int convergenceWindow,
        double fwhmTolerance,
        double profileTolerance,
        boolean freshGanOptimiser,
        double lrDecay,
        double lrFloor,
        double entropyWeight,
        double boundaryFreeMass,
        double peakTolerance,
        double genLrScale,
        double systematicFraction) {

    public static final String RELEASE = "release";
    public static final String IPMI2021 = "ipmi2021";
    public static final String CALIBRATED = "calibrated";
    /**
     * The calibrated preset's relative systematic error: the RMS relative FWHM error of its readings on
     * configs/measure_calibration.yaml (docs/results.md), a set that shares no cell with Table 1.
     */
    public static final double SYSTEMATIC_FRACTION = 0.27;
    /**
     * The calibrated preset's intensity level: the foreground median every image is scaled to, close to Colin27's
     * own (86), on which the preset was calibrated.
     */
    public static final double INTENSITY_LEVEL = 100;

    /** Every preset name, the default first. */
    public static final java.util.List<String> PRESETS = java.util.List.of(CALIBRATED, RELEASE, IPMI2021);

    public EstimatorConfig {
        discWidths = discWidths.clone();
        // Each bad value is named by its field (as in config.json and --set), one at a time.
        atLeast("iterations", iterations, 0);
        atLeast("batchSize", batchSize, 1);
        atLeast("profileLength", profileLength, 5);
        atLeast("maxLrPatch", maxLrPatch, 2);
        atLeast("genChannels", genChannels, 1);
        atLeast("genConvs", genConvs, 1);
        atLeast("discChannels", discChannels, 1);
        atLeast("warmupIterations", warmupIterations, 0);
        atLeast("smoothIterations", smoothIterations, 0);
        atLeast("checkpointEvery", checkpointEvery, 0);
        if (discWidths.length < 2) {
            throw new IllegalArgumentException("discWidths needs at least 2 widths, got " + discWidths.length);
        }
        for (int w : discWidths) {
            atLeast("discWidths", w, 1);
        }
        positive("lr", lr);
        positive("warmupLr", warmupLr);
        positive("divFactor", divFactor);
        positive("finalDivFactor", finalDivFactor);
        nonNegative("genWeightDecay", genWeightDecay);
        nonNegative("leakySlope", leakySlope);
        nonNegative("clipValue", clipValue);
        nonNegative("boundaryWeight", boundaryWeight);
        nonNegative("centreWeight", centreWeight);
        nonNegative("peakWeight", peakWeight);
        nonNegative("smoothWeight", smoothWeight);
        fraction("pctStart", pctStart);
        fraction("beta1", beta1);
        fraction("beta2", beta2);
        fraction("maxMomentum", maxMomentum);
        fraction("baseMomentum", baseMomentum);
        fraction("emaBeta", emaBeta);
        positive("genLrScale", genLrScale);
        nonNegative("boundaryFreeMass", boundaryFreeMass);
        nonNegative("peakTolerance", peakTolerance);
        nonNegative("intensityLevel", intensityLevel);
        if (symmetricMargins && gradientSampler) {
            throw new IllegalArgumentException("symmetricMargins applies to the foreground sampler only, not with "
                    + "gradientSampler");
        }
        if (normaliseIntensity && intensityLevel > 0) {
            throw new IllegalArgumentException("normaliseIntensity and intensityLevel exclude each other (intensityLevel "
                    + intensityLevel + ")");
        }
        if (members < 1) {
            throw new IllegalArgumentException("members must be >= 1, got " + members);
        }
        if (!(startFwhm >= 0) || !(wideStartFwhm >= 0) || startFwhm > profileLength || wideStartFwhm > profileLength) {
            throw new IllegalArgumentException("start FWHMs must lie in [0, K = " + profileLength + "] taps, got "
                    + startFwhm + " and " + wideStartFwhm);
        }
        if (convergenceWindow < 0) {
            throw new IllegalArgumentException("convergenceWindow must be >= 0 (0 = a fixed count), got " + convergenceWindow);
        }
        if (!(systematicFraction >= 0) || systematicFraction >= 1) {
            throw new IllegalArgumentException("systematicFraction must lie in [0, 1), got " + systematicFraction);
        }
        if (!(entropyWeight >= 0) || Double.isInfinite(entropyWeight)) {
            throw new IllegalArgumentException("entropyWeight must be finite and >= 0, got " + entropyWeight);
        }
        if (!(lrDecay > 0 && lrDecay <= 1) || !(lrFloor >= 0) || lrFloor > lr) {
            throw new IllegalArgumentException("lrDecay must lie in (0, 1] and lrFloor in [0, lr = " + lr + "], got "
                    + lrDecay + " and " + lrFloor);
        }
        if (convergenceWindow > 0) {
            if (!(fwhmTolerance > 0) || !(profileTolerance > 0) || Double.isInfinite(fwhmTolerance)
                    || Double.isInfinite(profileTolerance)) {
                throw new IllegalArgumentException("convergence tolerances must be positive and finite, got fwhmTolerance "
                        + fwhmTolerance + " and profileTolerance " + profileTolerance);
            }
            if (iterations < minimumIterations(convergenceWindow)) {
                throw new IllegalArgumentException("the maximum budget of " + iterations + " iterations is below the "
                        + minimumIterations(convergenceWindow) + " that a convergence window of " + convergenceWindow
                        + " needs (2 windows)");
            }
        }
    }

    private static void atLeast(String field, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(field + " must be at least " + min + ", got " + v);
        }
    }

    private static void positive(String field, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + " must be positive and finite, got " + v);
        }
    }

    private static void nonNegative(String field, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + " must be finite and >= 0, got " + v);
        }
    }

    private static void fraction(String field, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(field + " must lie in [0, 1), got " + v);
        }
    }

    /** The fewest GAN iterations after which a run with this window can be called converged. */
    public static int minimumIterations(int window) {
        return 2 * window;
    }

    /** The named preset; throws for an unknown name. */
    public static EstimatorConfig preset(String name) {
        return switch (name) {
            case RELEASE -> release();
            case IPMI2021 -> ipmi2021();
            case CALIBRATED -> calibrated();
            default -> throw new IllegalArgumentException("unknown preset '" + name + "' (" + String.join(", ", PRESETS) + ")");
        };
    }

    /** The authors' re-tuned release (the default). */
    public static EstimatorConfig release() {
        return new Builder()
                .preset(RELEASE)
                .iterations(2000)
                .batchSize(128)
                .profileLength(21)
                .maxLrPatch(16)
                .genChannels(256)
                .genConvs(2)
                .genReLU(true)
                .symmetrise(true)
                .genWeightDecay(5e-3)
                .discChannels(64)
                .discWidths(new int[] {3, 3, 3, 3, 3})
                .leakySlope(0.1)
                .lr(1e-3)
                .oneCycle(true)
                .pctStart(0.3)
                .divFactor(25)
                .finalDivFactor(1e4)
                .beta1(0.5)
                .beta2(0.999)
                .maxMomentum(0.95)
                .baseMomentum(0.85)
                .clipValue(0)
                .warmupIterations(80)
                .warmupLr(1e-4)
                .boundaryWeight(10)
                .centreWeight(0)
                .peakWeight(1)
                .smoothWeight(0)
                .smoothIterations(0)
                .emaBeta(0.99)
                .gradientSampler(false)
                .symmetricMargins(false)
                .normaliseIntensity(false)
                .intensityLevel(0)
                .seed(0)
                .checkpointEvery(500)
                .startFwhm(0)
                .wideStartFwhm(0)
                .members(1)
                .convergenceWindow(0)
                .fwhmTolerance(0)
                .profileTolerance(0)
                .freshGanOptimiser(false)
                .lrDecay(1)
                .lrFloor(0)
                .entropyWeight(0)
                .boundaryFreeMass(0)
                .peakTolerance(0)
                .genLrScale(1)
                .systematicFraction(0)
                .build();
    }

    /**
     * The default: the release network and losses, a constant learning rate, an ensemble of members started narrow
     * and wide that each stop when their EMA profile has stopped moving (docs/espreso.md, "The calibrated preset").
     */
    public static EstimatorConfig calibrated() {
        return release().toBuilder()
                .preset(CALIBRATED)
                .iterations(1500)
                .batchSize(32)
                .profileLength(31)
                .oneCycle(false)
                .warmupIterations(100)
                .warmupLr(1e-2)
                .checkpointEvery(250)
                .startFwhm(2)
                .wideStartFwhm(10)
                .members(2)
                .convergenceWindow(100)
                .fwhmTolerance(0.2)
                .profileTolerance(0.02)
                .freshGanOptimiser(true)
                .lrDecay(0.5)
                .lrFloor(1.25e-4)
                .systematicFraction(SYSTEMATIC_FRACTION)
                .intensityLevel(INTENSITY_LEVEL)
                .build();
    }

    /** The configuration of the IPMI 2021 paper's tables, written as its differences from {@link #release()}. */
    public static EstimatorConfig ipmi2021() {
        return release().toBuilder()
                .preset(IPMI2021)
                .iterations(15000)
                .batchSize(64)
                .genConvs(3)
                .genReLU(false)
                .symmetrise(false)
                .genWeightDecay(5e-2)
                .discWidths(new int[] {3, 3, 3, 1, 1})
                .lr(2e-4)
                .oneCycle(false)
                .clipValue(1)
                .warmupIterations(100)
                .warmupLr(2e-4)
                .centreWeight(1)
                .peakWeight(0)
                .smoothWeight(1)
                .smoothIterations(300)
                .gradientSampler(true)
                .normaliseIntensity(true)
                .checkpointEvery(1000)
                .build();
    }

    @Override
    public int[] discWidths() {
        return discWidths.clone();
    }

    public EstimatorConfig withIterations(int v) {
        return with("iterations", Integer.toString(v));
    }

    /** This configuration for ensemble member {@code j}: one run, seed {@code seed + j}, its start (narrow or wide). */
    public EstimatorConfig member(int j) {
        Map<String, Object> m = toMap();
        m.put("members", 1);
        m.put("seed", seed + j);
        m.put("startFwhm", memberStartFwhm(j));
        m.put("wideStartFwhm", 0.0);
        return fromMap(m);
    }

    /** The warm-up target FWHM (taps) of member {@code j}: even members start at startFwhm, odd ones wide. */
    public double memberStartFwhm(int j) {
        return j % 2 == 1 && wideStartFwhm > 0 ? wideStartFwhm : startFwhm;
    }

    /** Generic override of one field by its record-component name, e.g. ("batchSize", "64"); used by the CLI. */
    public EstimatorConfig with(String field, String value) {
        return with(Map.of(field, value));
    }

    /**
     * Overrides several fields at once (names as in config.json), checked together: e.g. a smaller maximum budget
     * and a smaller convergence window are valid in either order.
     */
    public EstimatorConfig with(Map<String, String> overrides) {
        Map<String, Object> m = toMap();
        for (var e : overrides.entrySet()) {
            m.put(e.getKey(), parse(m, e.getKey(), e.getValue()));
        }
        return fromMap(m);
    }

    private static Object parse(Map<String, Object> m, String field, String value) {
        if (!m.containsKey(field) || field.equals("preset")) {
            throw new IllegalArgumentException("unknown configuration field '" + field + "'");
        }
        Object old = m.get(field);
        Object parsed;
        try {
            if (old instanceof Integer) {
                parsed = Integer.parseInt(value.trim());
            } else if (old instanceof Long) {
                parsed = Long.parseLong(value.trim());
            } else if (old instanceof Double) {
                parsed = Double.parseDouble(value.trim());
            } else if (old instanceof Boolean) {
                if (!value.trim().equalsIgnoreCase("true") && !value.trim().equalsIgnoreCase("false")) {
                    throw new NumberFormatException("not a boolean: " + value);
                }
                parsed = Boolean.parseBoolean(value.trim());
            } else if (old instanceof int[]) {
                String[] parts = value.replaceAll("[\\[\\]\\s]", "").split(",");
                int[] a = new int[parts.length];
                for (int i = 0; i < a.length; i++) {
                    a[i] = Integer.parseInt(parts[i]);
                }
                parsed = a;
            } else {
                parsed = value;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad value '" + value + "' for " + field);
        }
        return parsed;
    }

    /** Field name to value, in declaration order (arrays stay int[]). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (var c : EstimatorConfig.class.getRecordComponents()) {
            try {
                m.put(c.getName(), c.getAccessor().invoke(this));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return m;
    }

    /** Inverse of {@link #toMap()}; numbers may come as any Number (e.g. from JSON). */
    public static EstimatorConfig fromMap(Map<String, Object> m) {
        var comps = EstimatorConfig.class.getRecordComponents();
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            types[i] = comps[i].getType();
            Object v = m.get(comps[i].getName());
            if (v == null) {
                throw new IllegalArgumentException("configuration lacks '" + comps[i].getName() + "'");
            }
            if (types[i] == int.class) {
                v = ((Number) v).intValue();
            } else if (types[i] == long.class) {
                v = ((Number) v).longValue();
            } else if (types[i] == double.class) {
                v = ((Number) v).doubleValue();
            } else if (types[i] == int[].class && v instanceof java.util.List<?> l) {
                v = l.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
            }
            args[i] = v;
        }
        try {
            return EstimatorConfig.class.getDeclaredConstructor(types).newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Total optimiser steps of the generator (warm-up + GAN). */
    public int totalSteps() {
        return warmupIterations + iterations;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EstimatorConfig c && c.toMap().entrySet().stream().allMatch(e -> {
            Object a = e.getValue(), b = toMap().get(e.getKey());
            return a instanceof int[] ia ? java.util.Arrays.equals(ia, (int[]) b) : a.equals(b);
        });
    }

    @Override
    public int hashCode() {
        return toMap().entrySet().stream().mapToInt(e -> e.getValue() instanceof int[] a
                ? java.util.Arrays.hashCode(a) : e.getValue().hashCode()).sum();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("EstimatorConfig{");
        toMap().forEach((k, v) -> sb.append(k).append('=').append(v instanceof int[] a ? java.util.Arrays.toString(a) : v).append(", "));
        return sb.append('}').toString();
    }

    /**
     * A builder starting from these settings: several fields changed by name and type, checked together by
     * {@link #build()} as the record checks them.
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The settings field by field (the presets are written with it). */
    public static final class Builder {
        private String preset;
        private int iterations;
        private int batchSize;
        private int profileLength;
        private int maxLrPatch;
        private int genChannels;
        private int genConvs;
        private boolean genReLU;
        private boolean symmetrise;
        private double genWeightDecay;
        private int discChannels;
        private int[] discWidths;
        private double leakySlope;
        private double lr;
        private boolean oneCycle;
        private double pctStart;
        private double divFactor;
        private double finalDivFactor;
        private double beta1;
        private double beta2;
        private double maxMomentum;
        private double baseMomentum;
        private double clipValue;
        private int warmupIterations;
        private double warmupLr;
        private double boundaryWeight;
        private double centreWeight;
        private double peakWeight;
        private double smoothWeight;
        private int smoothIterations;
        private double emaBeta;
        private boolean gradientSampler;
        private boolean symmetricMargins;
        private boolean normaliseIntensity;
        private double intensityLevel;
        private long seed;
        private int checkpointEvery;
        private double startFwhm;
        private double wideStartFwhm;
        private int members;
        private int convergenceWindow;
        private double fwhmTolerance;
        private double profileTolerance;
        private boolean freshGanOptimiser;
        private double lrDecay;
        private double lrFloor;
        private double entropyWeight;
        private double boundaryFreeMass;
        private double peakTolerance;
        private double genLrScale;
        private double systematicFraction;

        private Builder() {
        }

        private Builder(EstimatorConfig c) {
            preset = c.preset;
            iterations = c.iterations;
            batchSize = c.batchSize;
            profileLength = c.profileLength;
            maxLrPatch = c.maxLrPatch;
            genChannels = c.genChannels;
            genConvs = c.genConvs;
            genReLU = c.genReLU;
            symmetrise = c.symmetrise;
            genWeightDecay = c.genWeightDecay;
            discChannels = c.discChannels;
            discWidths = c.discWidths.clone();
            leakySlope = c.leakySlope;
            lr = c.lr;
            oneCycle = c.oneCycle;
            pctStart = c.pctStart;
            divFactor = c.divFactor;
            finalDivFactor = c.finalDivFactor;
            beta1 = c.beta1;
            beta2 = c.beta2;
            maxMomentum = c.maxMomentum;
            baseMomentum = c.baseMomentum;
            clipValue = c.clipValue;
            warmupIterations = c.warmupIterations;
            warmupLr = c.warmupLr;
            boundaryWeight = c.boundaryWeight;
            centreWeight = c.centreWeight;
            peakWeight = c.peakWeight;
            smoothWeight = c.smoothWeight;
            smoothIterations = c.smoothIterations;
            emaBeta = c.emaBeta;
            gradientSampler = c.gradientSampler;
            symmetricMargins = c.symmetricMargins;
            normaliseIntensity = c.normaliseIntensity;
            intensityLevel = c.intensityLevel;
            seed = c.seed;
            checkpointEvery = c.checkpointEvery;
            startFwhm = c.startFwhm;
            wideStartFwhm = c.wideStartFwhm;
            members = c.members;
            convergenceWindow = c.convergenceWindow;
            fwhmTolerance = c.fwhmTolerance;
            profileTolerance = c.profileTolerance;
            freshGanOptimiser = c.freshGanOptimiser;
            lrDecay = c.lrDecay;
            lrFloor = c.lrFloor;
            entropyWeight = c.entropyWeight;
            boundaryFreeMass = c.boundaryFreeMass;
            peakTolerance = c.peakTolerance;
            genLrScale = c.genLrScale;
            systematicFraction = c.systematicFraction;
        }

        public Builder preset(String v) {
            preset = v;
            return this;
        }

        public Builder iterations(int v) {
            iterations = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder profileLength(int v) {
            profileLength = v;
            return this;
        }

        public Builder maxLrPatch(int v) {
            maxLrPatch = v;
            return this;
        }

        public Builder genChannels(int v) {
            genChannels = v;
            return this;
        }

        public Builder genConvs(int v) {
            genConvs = v;
            return this;
        }

        public Builder genReLU(boolean v) {
            genReLU = v;
            return this;
        }

        public Builder symmetrise(boolean v) {
            symmetrise = v;
            return this;
        }

        public Builder genWeightDecay(double v) {
            genWeightDecay = v;
            return this;
        }

        public Builder discChannels(int v) {
            discChannels = v;
            return this;
        }

        public Builder discWidths(int[] v) {
            discWidths = v.clone();
            return this;
        }

        public Builder leakySlope(double v) {
            leakySlope = v;
            return this;
        }

        public Builder lr(double v) {
            lr = v;
            return this;
        }

        public Builder oneCycle(boolean v) {
            oneCycle = v;
            return this;
        }

        public Builder pctStart(double v) {
            pctStart = v;
            return this;
        }

        public Builder divFactor(double v) {
            divFactor = v;
            return this;
        }

        public Builder finalDivFactor(double v) {
            finalDivFactor = v;
            return this;
        }

        public Builder beta1(double v) {
            beta1 = v;
            return this;
        }

        public Builder beta2(double v) {
            beta2 = v;
            return this;
        }

        public Builder maxMomentum(double v) {
            maxMomentum = v;
            return this;
        }

        public Builder baseMomentum(double v) {
            baseMomentum = v;
            return this;
        }

        public Builder clipValue(double v) {
            clipValue = v;
            return this;
        }

        public Builder warmupIterations(int v) {
            warmupIterations = v;
            return this;
        }

        public Builder warmupLr(double v) {
            warmupLr = v;
            return this;
        }

        public Builder boundaryWeight(double v) {
            boundaryWeight = v;
            return this;
        }

        public Builder centreWeight(double v) {
            centreWeight = v;
            return this;
        }

        public Builder peakWeight(double v) {
            peakWeight = v;
            return this;
        }

        public Builder smoothWeight(double v) {
            smoothWeight = v;
            return this;
        }

        public Builder smoothIterations(int v) {
            smoothIterations = v;
            return this;
        }

        public Builder emaBeta(double v) {
            emaBeta = v;
            return this;
        }

        public Builder gradientSampler(boolean v) {
            gradientSampler = v;
            return this;
        }

        public Builder symmetricMargins(boolean v) {
            symmetricMargins = v;
            return this;
        }

        public Builder normaliseIntensity(boolean v) {
            normaliseIntensity = v;
            return this;
        }

        public Builder intensityLevel(double v) {
            intensityLevel = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder checkpointEvery(int v) {
            checkpointEvery = v;
            return this;
        }

        public Builder startFwhm(double v) {
            startFwhm = v;
            return this;
        }

        public Builder wideStartFwhm(double v) {
            wideStartFwhm = v;
            return this;
        }

        public Builder members(int v) {
            members = v;
            return this;
        }

        public Builder convergenceWindow(int v) {
            convergenceWindow = v;
            return this;
        }

        public Builder fwhmTolerance(double v) {
            fwhmTolerance = v;
            return this;
        }

        public Builder profileTolerance(double v) {
            profileTolerance = v;
            return this;
        }

        public Builder freshGanOptimiser(boolean v) {
            freshGanOptimiser = v;
            return this;
        }

        public Builder lrDecay(double v) {
            lrDecay = v;
            return this;
        }

        public Builder lrFloor(double v) {
            lrFloor = v;
            return this;
        }

        public Builder entropyWeight(double v) {
            entropyWeight = v;
            return this;
        }

        public Builder boundaryFreeMass(double v) {
            boundaryFreeMass = v;
            return this;
        }

        public Builder peakTolerance(double v) {
            peakTolerance = v;
            return this;
        }

        public Builder genLrScale(double v) {
            genLrScale = v;
            return this;
        }

        public Builder systematicFraction(double v) {
            systematicFraction = v;
            return this;
        }

        public EstimatorConfig build() {
            return new EstimatorConfig(preset, iterations, batchSize, profileLength, maxLrPatch, genChannels,
                    genConvs, genReLU, symmetrise, genWeightDecay, discChannels, discWidths, leakySlope, lr,
                    oneCycle, pctStart, divFactor, finalDivFactor, beta1, beta2, maxMomentum, baseMomentum,
                    clipValue, warmupIterations, warmupLr, boundaryWeight, centreWeight, peakWeight, smoothWeight,
                    smoothIterations, emaBeta, gradientSampler, symmetricMargins, normaliseIntensity, intensityLevel, seed, checkpointEvery, startFwhm,
                    wideStartFwhm, members, convergenceWindow, fwhmTolerance, profileTolerance, freshGanOptimiser,
                    lrDecay, lrFloor, entropyWeight, boundaryFreeMass, peakTolerance, genLrScale, systematicFraction);
        }
    }
}
