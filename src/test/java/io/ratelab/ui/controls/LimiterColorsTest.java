package io.ratelab.ui.controls;

import io.ratelab.report.plot.SeriesColor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Colours by limiter name for the session: stable, distinct within a scenario, new names take free ones. */
class LimiterColorsTest {

    @Test
    void namesKeepTheirColoursAndNewNamesTakeAFreeOne() {
        LimiterColors c = new LimiterColors();
        c.scenario(List.of("token bucket", "sliding window", "gcra", "fixed window"));
        SeriesColor gcra = c.of("gcra");
        assertEquals(SeriesColor.distinct(2), gcra);
        c.scenario(List.of("gcra", "edge"));                 // another scenario: gcra stays, edge takes a free one
        assertEquals(gcra, c.of("gcra"));
        assertNotEquals(gcra, c.of("edge"));
        assertEquals(SeriesColor.distinct(0), c.of("edge"), "the first colour no limiter of this scenario has");
        assertNotEquals(c.of("edge"), c.firstFree(Set.of()));
        c.scenario(List.of("token bucket", "edge", "gcra"));   // both had blue: the first keeps it
        assertEquals(SeriesColor.distinct(0), c.of("token bucket"));
        assertNotEquals(c.of("token bucket"), c.of("edge"));
        assertEquals(gcra, c.of("gcra"));
    }
}
