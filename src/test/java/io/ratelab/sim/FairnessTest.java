package io.ratelab.sim;

import io.ratelab.metrics.JainIndex;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The simulator's normalised allocation {@code min(1, admitted / fair share)} on cases worked by hand. */
class FairnessTest {

    private static final double NO_RATE = Double.NaN;

    @Test
    void aClientAdmittedItsWholeFairShareScoresOne() {
        // 1/s per key for 10 s, alone on its key: fair share min(100, 10) = 10
        assertEquals(1.0, Fairness.allocation(10, 100, 1.0, 10.0, 1), 1e-12);
        assertEquals(0.5, Fairness.allocation(5, 100, 1.0, 10.0, 1), 1e-12);
    }

    @Test
    void moreThanTheFairShareIsCappedAtOne() {
        assertEquals(1.0, Fairness.allocation(30, 100, 1.0, 10.0, 1), 1e-12);
    }

    @Test
    void theFairShareIsSplitAmongTheClientsOfOneKey() {
        // two clients share one key at 1/s for 10 s: fair share min(8, 10 / 2) = 5, of which 2 came through
        assertEquals(0.4, Fairness.allocation(2, 8, 1.0, 10.0, 2), 1e-12);
    }

    @Test
    void aClientAskingLessThanItsShareIsMeasuredAgainstItsDemand() {
        // fair share min(4, 10) = 4: all 4 admitted is a full allocation
        assertEquals(1.0, Fairness.allocation(4, 4, 1.0, 10.0, 1), 1e-12);
        assertEquals(0.75, Fairness.allocation(3, 4, 1.0, 10.0, 1), 1e-12);
    }

    @Test
    void withoutARateTheDemandIsTheFairShare() {
        assertEquals(0.75, Fairness.allocation(6, 8, NO_RATE, 10.0, 3), 1e-12);
    }

    @Test
    void aGreedyClientStarvingAPoliteOneOfItsKeyScoresAHalf() {
        // key at 1/s for 10 s shared by two: the greedy one (demand 100) got 10, the polite one (demand 5) none
        double greedy = Fairness.allocation(10, 100, 1.0, 10.0, 2);
        double polite = Fairness.allocation(0, 5, 1.0, 10.0, 2);
        assertEquals(0.5, JainIndex.of(greedy, polite), 1e-12);
        // both served their fair share: 1
        assertEquals(1.0, JainIndex.of(Fairness.allocation(5, 100, 1.0, 10.0, 2),
                Fairness.allocation(5, 5, 1.0, 10.0, 2)), 1e-12);
    }
}
