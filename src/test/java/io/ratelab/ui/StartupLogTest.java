package io.ratelab.ui;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class StartupLogTest {

    @Test
    void aLineGivesTheStepTheWallClockAndTheMillisSinceTheProcessStarted() {
        assertEquals("ratelab.startup painted 1796287816744 +1834",
                StartupLog.line("painted", 1_796_287_816_744L, 1_796_287_814_910L, -1));
    }

    @Test
    void anUnknownProcessStartLeavesTheOffsetOut() {
        assertEquals("ratelab.startup main 1000 +?", StartupLog.line("main", 1000, -1, -1));
    }

    @Test
    void aLineCarriesTheLoggingThreadsCpuTimeWhenKnown() {
        assertEquals("ratelab.startup scene 1000 +400 cpu=250", StartupLog.line("scene", 1000, 600, 250));
        assertEquals("ratelab.startup scene 1000 +400", StartupLog.line("scene", 1000, 600, -1));
    }

    @Test
    void theThreadCpuTimeFollowsTheJvmsOwnCount() {
        long before = StartupLog.threadCpuMillis();
        assumeTrue(before >= 0, "no /proc/thread-self/stat here (not Linux)");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long jvmBefore = threads.getCurrentThreadCpuTime();
        long spins = 0;
        while (threads.getCurrentThreadCpuTime() - jvmBefore < 300_000_000L) {
            spins++;
        }
        long used = StartupLog.threadCpuMillis() - before;
        assertTrue(used >= 250 && used <= 400, "300 ms of CPU spun (" + spins + " checks), /proc says " + used);
    }
}
