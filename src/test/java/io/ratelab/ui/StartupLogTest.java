package io.ratelab.ui;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StartupLogTest {

    @Test
    void aLineGivesTheStepTheWallClockAndTheMillisSinceTheProcessStarted() {
        assertEquals("ratelab.startup painted 1796287816744 +1834",
                StartupLog.line("painted", 1_796_287_816_744L, 1_796_287_814_910L));
    }

    @Test
    void anUnknownProcessStartLeavesTheOffsetOut() {
        assertEquals("ratelab.startup main 1000 +?", StartupLog.line("main", 1000, -1));
    }
}
