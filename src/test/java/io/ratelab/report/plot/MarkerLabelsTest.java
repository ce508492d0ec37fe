package io.ratelab.report.plot;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Swap markers' labels: beside the rule, left of it at the plot's edge, a row lower where they would overlap. */
class MarkerLabelsTest {

    @Test
    void overlappingLabelsStepDownThreeRowsThenStartAgain() {
        MarkerLabels labels = new MarkerLabels();
        MarkerLabels.Place first = labels.next(100, 60, 500);
        assertEquals(new MarkerLabels.Place(103, false, 0), first);
        assertEquals(103, first.anchor(100));
        assertEquals(1, labels.next(120, 60, 500).row(), "starts inside the first label");
        assertEquals(2, labels.next(140, 60, 500).row());
        assertEquals(0, labels.next(160, 60, 500).row(), "three rows, then the top again");
        assertEquals(0, labels.next(400, 60, 500).row(), "clear of the one before: the top row");
    }

    @Test
    void aLabelThatWouldPassThePlotsEdgeStandsLeftOfItsRule() {
        MarkerLabels.Place at = new MarkerLabels().next(480, 60, 500);
        assertTrue(at.onLeft());
        assertEquals(417, at.from());
        assertEquals(477, at.anchor(480));
        assertFalse(new MarkerLabels().next(400, 60, 500).onLeft());
    }
}
