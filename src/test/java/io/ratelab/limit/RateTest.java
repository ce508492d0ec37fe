package io.ratelab.limit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateTest {

    @Test
    void parsesEveryUnitMultiplesAndNginxSpelling() {
        assertEquals(new Rate(10, Duration.ofSeconds(1)), Rate.parse("10/s"));
        assertEquals(new Rate(600, Duration.ofMinutes(1)), Rate.parse("600/m"));
        assertEquals(new Rate(5, Duration.ofHours(1)), Rate.parse("5/h"));
        assertEquals(new Rate(2, Duration.ofDays(1)), Rate.parse("2/d"));
        assertEquals(new Rate(3, Duration.ofMillis(1)), Rate.parse("3/ms"));
        assertEquals(new Rate(100, Duration.ofSeconds(10)), Rate.parse("100/10s"));
        assertEquals(new Rate(10, Duration.ofSeconds(1)), Rate.parse("10r/s"));
        assertEquals(new Rate(30, Duration.ofMinutes(1)), Rate.parse(" 30r / m "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "/s", "0/s", "-1/s", "10/x", "ten/s", "10/0s", "1.5/s", "99999999999999999999/s"})
    void rejectsWhatIsNotARateSayingWhatIs(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rate.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test
    void rejectsNull() {
        assertThrows(IllegalArgumentException.class, () -> Rate.parse(null));
    }

    @Test
    void printsAsItParses() {
        for (String text : new String[] {"10/s", "600/m", "5/h", "2/d", "100/10s", "7/90s"}) {
            assertEquals(text, Rate.parse(text).toString());
            assertEquals(Rate.parse(text), Rate.parse(Rate.parse(text).toString()));
        }
    }

    @Test
    void intervalRoundsUpSoTheRateIsNeverExceeded() {
        assertEquals(100_000_000L, Rate.parse("10/s").intervalNanos());
        assertEquals(333_333_334L, Rate.parse("3/s").intervalNanos());
        assertEquals(60_000_000_000L, Rate.parse("1/m").intervalNanos());
        assertEquals(200L, Rate.parse("5000/ms").intervalNanos());
        assertEquals(1L, Rate.parse("2000000000/s").intervalNanos());
        assertEquals(10.0, Rate.parse("600/m").perSecondDouble(), 1e-12);
    }

    @Test
    void countsWholeRequestsOverAWindow() {
        assertEquals(100, Rate.parse("600/m").countOver(Duration.ofSeconds(10)));
        assertEquals(5, Rate.parse("10/s").countOver(Duration.ofMillis(500)));
        assertThrows(IllegalArgumentException.class, () -> Rate.parse("10/s").countOver(Duration.ofMillis(150)));
        assertThrows(IllegalArgumentException.class, () -> Rate.parse("1/h").countOver(Duration.ofSeconds(1)));
    }
}
