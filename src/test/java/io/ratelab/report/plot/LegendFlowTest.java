package io.ratelab.report.plot;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Legend entries flow left to right and break to a new row where the next would pass the width. */
class LegendFlowTest {

    @Test
    void entriesBreakToANewRowAtTheWidth() {
        LegendFlow flow = LegendFlow.of(new double[]{40, 50, 30, 120, 10}, 100);
        assertEquals(4, flow.rows());
        assertEquals(0, flow.row(0));
        assertEquals(40, flow.x(1));
        assertEquals(1, flow.row(2), "40 + 50 + 30 passes 100");
        assertEquals(0, flow.x(2));
        assertEquals(2, flow.row(3), "wider than the legend: a row of its own");
        assertEquals(3, flow.row(4), "the wide entry's row is full");
        assertEquals(0, LegendFlow.of(new double[0], 100).rows());
    }
}
