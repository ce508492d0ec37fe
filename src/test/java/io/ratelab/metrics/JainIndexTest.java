package io.ratelab.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Jain's index on inputs whose value is known by hand. */
class JainIndexTest {

    @Test
    void equalAllocationsScoreOne() {
        assertEquals(1.0, JainIndex.of(3, 3, 3, 3), 1e-12);
    }

    @Test
    void oneTakesAllScoresOneOverN() {
        assertEquals(0.25, JainIndex.of(0, 0, 7, 0), 1e-12);
    }

    @Test
    void aKnownMixedCase() {
        // (1 + 2 + 3)² / (3 · (1 + 4 + 9)) = 36 / 42
        assertEquals(36.0 / 42.0, JainIndex.of(1, 2, 3), 1e-12);
        // half the clients get x, half nothing: k/n = 0.5
        assertEquals(0.5, JainIndex.of(5, 5, 0, 0), 1e-12);
    }

    @Test
    void scaleDoesNotMatter() {
        assertEquals(JainIndex.of(1, 2, 3), JainIndex.of(10, 20, 30), 1e-12);
    }

    @Test
    void theAccumulatorAgreesWithTheWholeArray() {
        JainIndex j = new JainIndex();
        j.add(1);
        j.add(2);
        j.add(3);
        assertEquals(3, j.count());
        assertEquals(JainIndex.of(1, 2, 3), j.index(), 0);
    }

    @Test
    void nothingToShareIsFairAndNegativesAreRefused() {
        assertEquals(1.0, JainIndex.of());
        assertEquals(1.0, JainIndex.of(0, 0));
        assertThrows(IllegalArgumentException.class, () -> JainIndex.of(1, -1));
    }
}
