package io.ratelab.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A recorded request target is sent as recorded; only what a request target cannot carry is percent-encoded. */
class RouteEncodingTest {

    @Test
    void validTargetsAreSentUnchanged() {
        String t = "/a/b;v=1/c:d@e?x=1&y=a+b,c&z=%7C!$'()*~_-.?/";
        assertSame(t, Route.encodeTarget(t));
        assertEquals(t, Route.recorded("GET", t).path());
    }

    @Test
    void onlyTheCharactersATargetCannotCarryAreEncoded() {
        assertEquals("/s?v=1%7C2&w=%7Ba%7D", Route.recorded("GET", "/s?v=1|2&w={a}").path());
        assertEquals("/a%20b%22c%3Cd%3E%5C%5E%60%23", Route.encodeTarget("/a b\"c<d>\\^`#"));
        assertEquals("/caf%C3%A9/%F0%9F%98%80", Route.encodeTarget("/café/😀"), "UTF-8 bytes");
        assertEquals("/p?q=100%25&r=%41", Route.encodeTarget("/p?q=100%&r=%41"), "a lone % is encoded, %41 kept");
    }

    @Test
    void unsendableRequestLinesFallBackToTheGroupRoute() {
        assertNull(Route.recorded("-", "/a"));
        assertNull(Route.recorded("get", "/a"));
        assertNull(Route.recorded("GET", "-"));
        assertNull(Route.recorded("GET", "http://x/a"));
    }
}
