package org.espreso.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process and captures its exit code and output. */
record CliRunner(int code, String out, String err) {
    static CliRunner run(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Main.run(new PrintWriter(o, true), new PrintWriter(e, true), args);
        return new CliRunner(code, o.toString(), e.toString());
    }
}
