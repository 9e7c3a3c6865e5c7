package org.espreso.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlurmSubmitterTest {
    @Test
    void optionsSplitAsAShellWouldSplitThem() {
        assertEquals(List.of("--partition=short", "--mem=2G"), SlurmSubmitter.splitOptions("  --partition=short\t--mem=2G "));
        assertEquals(List.of("--comment=two words", "--job-name=a'b"), SlurmSubmitter.splitOptions("--comment=\"two words\" --job-name=\"a'b\""));
        assertEquals(List.of("--x=", "y z"), SlurmSubmitter.splitOptions("--x='' 'y z'"));
        assertEquals(List.of(), SlurmSubmitter.splitOptions(""));
        assertThrows(IllegalArgumentException.class, () -> SlurmSubmitter.splitOptions("--comment='open"));
    }

    @Test
    void scriptArgumentsAreQuotedForBash() {
        assertEquals("'it'\\''s'", SlurmSubmitter.quote("it's"));
    }
}
