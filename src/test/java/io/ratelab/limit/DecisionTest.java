package io.ratelab.limit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecisionTest {

    @Test
    void factoriesFillTheFieldsTheyName() {
        assertEquals(new Decision(true, 10, 4, 0, 7, 0), Decision.allowed(10, 4, 7));
        assertEquals(new Decision(true, 10, 4, 0, 7, 3), Decision.delayed(10, 4, 7, 3));
        assertEquals(new Decision(false, 10, 0, 5, 7, 0), Decision.rejected(10, 5, 7));
        assertTrue(Decision.delayed(10, 4, 7, 3).isDelayed());
        assertFalse(Decision.delayed(10, 4, 7, 0).isDelayed());
        assertFalse(Decision.allowed(10, 4, 7).isDelayed());
    }

    @Test
    void noFieldMayBeNegative() {
        assertThrows(IllegalArgumentException.class, () -> new Decision(true, 1, -1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Decision.rejected(1, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> Decision.rejected(1, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> Decision.delayed(1, 0, 0, -1));
    }

    @Test
    void anAdmissionHasNoRetryAfterAndARejectionNoDelay() {
        IllegalArgumentException retry = assertThrows(IllegalArgumentException.class,
                () -> new Decision(true, 1, 0, 5, 0, 0));
        assertTrue(retry.getMessage().contains("retry-after"), retry.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Decision(false, 1, 0, 5, 0, 2));
    }

    @Test
    void negativeFieldsAreReportedWithTheWholeDecision() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Decision(true, 3, -2, 0, 0, 0));
        assertTrue(e.getMessage().contains("remaining=-2"), e.getMessage());
    }
}
