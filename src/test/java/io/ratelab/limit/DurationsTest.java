package io.ratelab.limit;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationsTest {

    @Test
    void parsesEveryUnitAndDecimals() {
        assertEquals(Duration.ofNanos(5), Durations.parse("5ns"));
        assertEquals(Duration.ofNanos(100_000), Durations.parse("100us"));
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
        assertEquals(Duration.ofSeconds(10), Durations.parse(" 10 s "));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ofDays(1), Durations.parse("1d"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "s", "-5s", "5 parsecs", "1,5s", "1e3ms"})
    void rejectsWhatIsNotADurationNamingTheUnits(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'") && e.getMessage().contains("ms"), e.getMessage());
    }

    @Test
    void rejectsNullAndAbsurdLengths() {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(null));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("9999999999d"));
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertEquals("1m", Durations.format(Duration.ofSeconds(60)));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("1d", Durations.format(Duration.ofHours(24)));
        assertEquals("2us", Durations.format(Duration.ofNanos(2000)));
        assertEquals("1501ns", Durations.format(Duration.ofNanos(1501)));
        assertEquals("0ns", Durations.format(Duration.ZERO));
    }

    @Property(tries = 300, seed = "20250105")
    void formatThenParseIsTheIdentity(@ForAll @LongRange(min = 0, max = 1_000_000_000_000_000L) long nanos) {
        Duration d = Duration.ofNanos(nanos);
        assertEquals(d, Durations.parse(Durations.format(d)));
    }
}
