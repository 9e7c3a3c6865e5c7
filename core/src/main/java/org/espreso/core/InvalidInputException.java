package org.espreso.core;

import java.nio.file.Path;

/**
 * Bad input from the user (a file that cannot be read, a header that lies, an image the method cannot use).
 * The message is one line and names the file; the CLI maps it to exit code 1.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    public static InvalidInputException of(Path file, String problem) {
        return new InvalidInputException(file + ": " + problem);
    }

    public static InvalidInputException of(Path file, String problem, Throwable cause) {
        return new InvalidInputException(file + ": " + problem, cause);
    }
}
