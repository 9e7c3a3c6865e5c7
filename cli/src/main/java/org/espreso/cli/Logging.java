package org.espreso.cli;

/**
 * Keeps the CLI's output clean: library logging (ND4J is chatty at start-up) goes to stderr at WARN unless
 * -v / -vv asks for more. Must run before the first logger is created.
 */
final class Logging {
    private Logging() {
    }

    static void configure(int verbosity) {
        String level = verbosity >= 2 ? "debug" : verbosity == 1 ? "info" : "warn";
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        // SameDiff's op registry warns about duplicate TensorFlow mappings on every start: not ours to act on.
        System.setProperty("org.slf4j.simpleLogger.log.org.nd4j.imports.converters.ImportClassMapping", verbosity >= 2 ? "debug" : "error");
    }
}
