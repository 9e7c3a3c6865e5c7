package org.espreso.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void plainOutputIsOneLinePerTenthOfAPhase() {
        StringWriter s = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(s), false);
        for (int i = 1; i <= 200; i++) {
            bar.update("train", i, 200, "loss 0.1");
        }
        String[] lines = s.toString().split("\n");
        assertEquals(11, lines.length, s.toString());
        assertTrue(lines[0].startsWith("espreso: train 1/200 loss 0.1, 0m00s elapsed, ETA ?"), lines[0]);
        assertTrue(lines[10].startsWith("espreso: train 200/200"), lines[10]);
        assertTrue(lines[10].endsWith("ETA 0m00s"), lines[10]);
        assertTrue(!s.toString().contains("\r"));
    }

    @Test
    void plainLinesAndMessagesCarryTheName() {
        StringWriter s = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(s), false, "colin27 gaussian-4mm-x4 seed-0 sr-with");
        bar.message("training: 400 steps");
        bar.update("train", 1, 400, "loss 0.2");
        assertEquals("colin27 gaussian-4mm-x4 seed-0 sr-with: training: 400 steps\n"
                + "colin27 gaussian-4mm-x4 seed-0 sr-with: train 1/400 loss 0.2, 0m00s elapsed, ETA ?\n", s.toString());
    }

    @Test
    void terminalBarIsRedrawnAndClosedByANewPhaseOrAMessage() {
        StringWriter s = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(s), true);
        bar.update("warm-up", 1, 4, "");
        bar.message("note: hello");
        bar.update("GAN", 5, 10, "");
        bar.update("GAN", 10, 10, "");
        String out = s.toString();
        assertTrue(out.startsWith("\r[########"), out);
        // The open bar line is ended before the message, so the message stands on its own line.
        assertTrue(out.contains("   \nnote: hello\n\r["), out);
        assertTrue(out.contains("[" + "#".repeat(30) + "] GAN 10/10"), out);
        assertTrue(out.endsWith("\n"), out);
    }

    @Test
    void etaCountsOnlyTheStepsSeenInThisRun() throws Exception {
        StringWriter s = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(s), false);
        // A resumed run starts at step 900 of 1000: the ETA must reflect the pace from there, not 900 free steps.
        bar.update("train", 900, 1000, "");
        Thread.sleep(50);
        bar.update("train", 901, 1000, "");
        Thread.sleep(50);
        bar.update("train", 1000, 1000, "");
        String first = s.toString().split("\n")[0];
        assertTrue(first.endsWith("ETA ?"), first);
        assertEquals("1h02m", ProgressBar.time(3725));
        assertEquals("4m05s", ProgressBar.time(245));
        assertEquals("?", ProgressBar.time(Double.NaN));
    }
}
