package org.espreso.cli;

import org.espreso.smore.SmoreProgress;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.espreso.bridge.EspresoEstimator;
import org.espreso.bridge.ProfileEstimator;
import org.espreso.bridge.SmoreSuperResolver;
import org.espreso.bridge.SuperResolver;
import org.espreso.core.InvalidInputException;
import org.espreso.core.io.ProgressBar;
import org.espreso.estimator.io.Progress;
import org.espreso.evaluation.experiment.ExperimentConfig;
import org.espreso.evaluation.experiment.ExperimentRunner;
import org.espreso.evaluation.experiment.Methods;
import org.espreso.evaluation.experiment.ResultTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs one of the paper's experiments from a config under configs/. */
@Command(name = "experiment", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Run an experiment config (configs/table1.yaml, table2.yaml, table3.yaml or a *_smoke variant).",
            "Writes OUTDIR/table.md, table.csv, cells.json, report.html; finished cells are reused on a re-run."})
final class ExperimentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Experiment YAML.")
    Path config;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTDIR", description = "Output folder (reused to resume).")
    Path output;

    @Option(names = "--parallel", defaultValue = "1", paramLabel = "N",
            description = "Cells run at once (default: ${DEFAULT-VALUE}). Their estimates and SR trainings run together as far "
                + "as N × --threads fits the cores (e.g. --threads 1 --parallel 2 on 2 cores), the rest wait; a cell's "
                + "result does not depend on N.")
    int parallel;

    @Override
    public Integer call() throws Exception {
        if (parallel < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--parallel must be at least 1");
        }
        ExperimentConfig cfg = ExperimentConfig.read(config);
        for (ExperimentConfig.Image im : cfg.images()) {
            if (!Files.exists(Path.of(im.path()))) {
                throw InvalidInputException.of(config, "image '" + im.name() + "' not found: " + im.path());
            }
        }
        // Native memory bounded as for one command, with room for the volumes of the cells in flight (6 GB in all).
        GlobalOptions.initBackend(3L << 30);
        PrintWriter err = spec.commandLine().getErr();
        Methods methods = new Methods() {
            @Override
            public ProfileEstimator estimator(ExperimentConfig.Method m, long seed, String task) {
                return new EspresoEstimator(EspresoEstimator.config(m.preset(), m.overridesOrEmpty(), seed),
                        () -> new Progress(new ProgressBar(err, false, task)), GlobalOptions.threads());
            }

            @Override
            public SuperResolver superResolver(ExperimentConfig.Method m, long seed, String task) {
                return new SmoreSuperResolver(SmoreSuperResolver.config(m.preset(), m.overridesOrEmpty(), seed),
                        new SmoreProgress(new ProgressBar(err, false, task)));
            }
        };
        try {
            // Build each method once now, so a bad preset or override fails before any cell runs.
            methods.estimator(cfg.estimator(), 0, "check");
            if (cfg.sr() != null) {
                methods.superResolver(cfg.sr(), 0, "check");
            }
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of(config, e.getMessage());
        }
        ResultTable t;
        try (var lock = org.espreso.core.io.OutputLock.acquire(output, "espreso experiment")) {
            t = new ExperimentRunner(cfg, config, output, methods, parallel, err, VersionProvider.version()).run();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(Files.readString(output.resolve("table.md")));
        out.println();
        out.println("tables, cells and report in " + output.toAbsolutePath() + " (" + t.entries().size() + " scored runs)");
        return 0;
    }
}
