package org.espreso.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LossRowTest {
    @Test
    void namesFollowTheColumnsOfLossCsv() {
        double[] r = new double[Estimator.LOSS_COLUMNS.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = 10 + i;
        }
        r[1] = 1;
        LossRow row = LossRow.of(r);
        assertEquals(10, row.step());
        assertFalse(row.warmUp(), "phase 1 is the GAN");
        assertEquals(12, row.iteration());
        double[] named = {row.lr(), row.beta1(), row.dLoss(), row.gAdversarial(), row.boundary(), row.centre(), row.peak(),
            row.smooth(), row.warmupMse(), row.gTotal(), row.emaFwhmTaps(), row.fwhmTaps()};
        for (int i = 0; i < named.length; i++) {
            assertEquals(r[3 + i], named[i], 0, Estimator.LOSS_COLUMNS.get(3 + i));
        }
        r[1] = 0;
        assertTrue(LossRow.of(r).warmUp());
        assertThrows(IllegalArgumentException.class, () -> LossRow.of(new double[3]));
    }
}
