package org.espreso.smore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuietTest {
    @Test
    void dropsOnlyNd4jsChatterAndRestoresStdout() {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        try {
            Quiet.run(() -> {
                System.out.println("Added differentiated op conv2d_1");
                System.out.println("progress 10 %");
                System.out.print("partial ");
                System.out.println("line");
                System.out.println("Added differentiated op mul");
            });
            assertSame(capture, System.out, "stdout restored");
        } finally {
            System.setOut(old);
        }
        assertEquals("progress 10 %\npartial line\n", bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
