package io.ratelab.ui.chart;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Legend names shortened apart: names that share a head keep what tells them apart, in general, not just for the
 * latency chart's. Widths here are characters (one a character), so the rules show without a font.
 */
class TextShortenerTest {

    private final TextShortener chars = new TextShortener(String::length);

    @Test
    void namesThatDifferOnlyInTheirLastWordKeepThatWord() {
        // the old squeeze (a title's shortening) made both "admitted…"
        assertEquals("admitted…", chars.shortened("admitted p50", 9));
        assertEquals(List.of("adm… p50", "adm… p99"), chars.apart(List.of("admitted p50", "admitted p99"), 8));
        assertEquals(List.of("admitt… p50", "admitt… p99"),
                chars.apart(List.of("admitted p50", "admitted p99"), 11));
    }

    @Test
    void aNameThatFitsOrIsShortenedApartAlreadyStaysAsATitleWouldBe() {
        assertEquals(List.of("p50", "p99"), chars.apart(List.of("p50 (all answers)", "p99 (all answers)"), 5));
        assertEquals(List.of("one shared…", "per-IP token…"),
                chars.apart(List.of("one shared bucket", "per-IP token bucket"), 13));
        assertEquals(List.of("gcra", "token bucket"), chars.apart(List.of("gcra", "token bucket"), 12));
    }

    @Test
    void aNameCutLaterAtAWordWhenItsFirstWordsAreShared() {
        List<String> out = chars.apart(List.of("p99 (all answers)", "p99 raw"), 9);
        assertEquals(List.of("p99 (all…", "p99 raw"), out);
    }

    @Test
    void limitersThatDifferInAMiddleWordStayApart() {
        List<String> names = List.of("token bucket 10/s per IP", "token bucket 20/s per IP",
                "token bucket 20/s global");
        for (int room = 4; room <= 24; room++) {
            List<String> out = chars.apart(names, room);
            assertEquals(3, new HashSet<>(out).size(), room + ": " + out);
        }
        List<String> out = chars.apart(names, 12);
        assertTrue(out.stream().allMatch(s -> s.length() <= 12), out.toString());
    }

    @Test
    void theSameNameTwiceIsNoReasonToCutLess() {
        assertEquals(List.of("admitted…", "admitted…"), chars.apart(List.of("admitted p50", "admitted p50"), 9));
    }
}
