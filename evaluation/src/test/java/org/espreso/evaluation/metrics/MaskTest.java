package org.espreso.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.Test;

class MaskTest {
    @Test
    void flagsAreCopiedCountedAndIndexedXFastest() {
        int[] dims = {3, 2, 2};
        boolean[] b = new boolean[12];
        b[1 + 3 * (1 + 2 * 1)] = true;
        Mask m = Mask.of(dims, b);
        b[0] = true;
        assertEquals(1, m.count());
        assertTrue(m.contains(1, 1, 1));
        assertFalse(m.contains(0, 0, 0));
        assertEquals(1, m.differences(Mask.of(dims, new boolean[12])));
        assertEquals(11, m.differences(Mask.all(dims)));
        Volume v = m.toVolume(Volume.of(dims, new double[] {1, 1, 1}, new float[12]));
        assertEquals(1f, v.get(1, 1, 1));
        assertEquals(m, Mask.above(v, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Mask.of(new int[] {3, 2, 3}, new boolean[12]));
        assertThrows(IllegalArgumentException.class, () -> m.differences(Mask.all(new int[] {2, 3, 2})));
    }
}
