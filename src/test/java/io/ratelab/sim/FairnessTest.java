package io.ratelab.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Jain's index on inputs whose value is known by hand. */
class FairnessTest {

    @Test
    void equalAllocationsScoreOne() {
        assertEquals(1.0, Fairness.jain(new double[]{3, 3, 3, 3}), 1e-12);
    }

    @Test
    void oneTakesAllScoresOneOverN() {
        assertEquals(0.25, Fairness.jain(new double[]{0, 0, 7, 0}), 1e-12);
    }

    @Test
    void aKnownMixedCase() {
        // (1 + 2 + 3)² / (3 · (1 + 4 + 9)) = 36 / 42
        assertEquals(36.0 / 42.0, Fairness.jain(new double[]{1, 2, 3}), 1e-12);
        // half the clients get x, half nothing: k/n = 0.5
        assertEquals(0.5, Fairness.jain(new double[]{5, 5, 0, 0}), 1e-12);
    }

    @Test
    void scaleDoesNotMatter() {
        assertEquals(Fairness.jain(new double[]{1, 2, 3}), Fairness.jain(new double[]{10, 20, 30}), 1e-12);
    }

    @Test
    void nothingToShareIsFairAndNegativesAreRefused() {
        assertEquals(1.0, Fairness.jain(new double[0]));
        assertEquals(1.0, Fairness.jain(new double[]{0, 0}));
        assertThrows(IllegalArgumentException.class, () -> Fairness.jain(new double[]{1, -1}));
    }
}
