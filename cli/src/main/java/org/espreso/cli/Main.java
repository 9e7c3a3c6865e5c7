package org.espreso.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.espreso.core.InvalidInputException;
import org.espreso.core.io.OutputFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code espreso} command. Each subcommand lives in its own class. */
@Command(name = "espreso",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "MRI slice-profile estimation and through-plane super-resolution.",
        subcommands = {
            CommandLine.HelpCommand.class,
            InfoCommand.class,
            SimulateCommand.class,
            MetricsCommand.class,
            EstimateCommand.class,
            SrCommand.class,
            MeasureCommand.class,
            PipelineCommand.class,
            ExperimentCommand.class,
            DoctorCommand.class,
            DemoCommand.class,
            BidsCommand.class,
        })
public final class Main implements Runnable {
    /** Exit code of a runtime failure (bad input file, I/O error). Usage errors exit with 2. */
    public static final int FAILURE = 1;
    /** Exit code of a usage error: an unknown option, a missing one, or a value no run could use. */
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    GlobalOptions global;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (0 ok, 1 failure, 2 usage). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        Logging.configure(0);
        GlobalOptions.verbosity = 0;
        GlobalOptions.threads = null;
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, args2) -> {
            // One line, as for runtime errors: the problem and where to look, not the whole usage text.
            CommandLine cmd = ex.getCommandLine();
            String name = cmd.getCommandSpec().qualifiedName();
            cmd.getErr().println(name + ": error: " + usageMessage(ex) + " (see '" + name + " --help')");
            if (GlobalOptions.verbosity() > 1) {
                ex.printStackTrace(cmd.getErr());
            }
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("espreso " + cmd.getCommandName() + ": error: " + describe(ex));
            if (GlobalOptions.verbosity() > 0) {
                ex.printStackTrace(cmd.getErr());
            }
            return FAILURE;
        });
        return cl.execute(args);
    }

    /** A usage error's message: a setter's own message rather than picocli's "Could not invoke ..." wrapper. */
    static String usageMessage(CommandLine.ParameterException ex) {
        Throwable c = ex.getCause();
        while (c != null && !(c instanceof IllegalArgumentException)) {
            c = c.getCause();
        }
        String m = c != null && c.getMessage() != null ? c.getMessage() : ex.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    /** One line for the user: our own exceptions carry a complete message; others get their type. */
    static String describe(Throwable ex) {
        if (ex instanceof InvalidInputException || ex instanceof OutputFiles.OutputExistsException) {
            return ex.getMessage();
        }
        if (ex instanceof UncheckedIOException u) {
            IOException c = u.getCause();
            boolean named = c instanceof java.nio.file.FileSystemException f && f.getFile() != null;
            if (!named && u.getMessage() != null && !u.getMessage().equals(String.valueOf(c))) {
                return u.getMessage() + ": " + OutputFiles.reason(c);
            }
            ex = c;
        }
        if (ex instanceof java.nio.file.NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (ex instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
            return f.getFile() + ": " + OutputFiles.reason(f);
        }
        if (ex instanceof IOException io) {
            return "I/O error: " + OutputFiles.reason(io);
        }
        if (ex instanceof OutOfMemoryError) {
            return "out of memory (raise the heap with ESPRESO_JAVA_OPTS=-Xmx...)";
        }
        return ex.getMessage() != null ? ex.getMessage() : ex.toString();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (see espreso --help)");
    }
}
