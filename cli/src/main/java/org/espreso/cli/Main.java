package org.espreso.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code espreso} command. Each subcommand lives in its own class. */
@Command(name = "espreso",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "MRI slice-profile estimation and through-plane super-resolution.",
        subcommands = {
            CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (0 ok, 1 failure, 2 usage). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }
}
