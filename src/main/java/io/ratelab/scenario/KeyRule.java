package io.ratelab.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What a limiter counts requests by: {@code global} (one shared limit), {@code ip} (the client's address),
 * {@code header:NAME} (a request header such as an API key; names are case-insensitive, as in HTTP) or {@code route}
 * (method and path). Scenario files, the proxy's config and the simulator all spell it this way. Immutable.
 *
 * @param kind   which part of the request
 * @param header the header name for {@link Kind#HEADER}, lower-cased; null otherwise
 */
public record KeyRule(Kind kind, String header) {

    /** The part of a request a key is taken from. */
    public enum Kind { GLOBAL, IP, HEADER, ROUTE }

    /** The forms {@link #parse} accepts, for error messages. */
    public static final String ALLOWED = "global, ip, header:NAME (e.g. header:X-Api-Key) or route";

    public static final KeyRule GLOBAL = new KeyRule(Kind.GLOBAL, null);
    public static final KeyRule IP = new KeyRule(Kind.IP, null);
    public static final KeyRule ROUTE = new KeyRule(Kind.ROUTE, null);

    public KeyRule {
        if (kind == null) {
            throw new IllegalArgumentException("key: a kind is required; one of " + ALLOWED);
        }
        if (kind == Kind.HEADER) {
            if (header == null || !header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new IllegalArgumentException("key: 'header:' needs a header name, e.g. header:X-Api-Key, got "
                        + header);
            }
            header = header.toLowerCase(Locale.ROOT);
        } else if (header != null) {
            throw new IllegalArgumentException("key: only header:NAME takes a name");
        }
    }

    /** A header key rule. */
    public static KeyRule header(String name) {
        return new KeyRule(Kind.HEADER, name);
    }

    /**
     * Parses {@code global}, {@code ip}, {@code header:NAME} or {@code route}.
     *
     * @throws IllegalArgumentException naming the allowed forms
     */
    @JsonCreator
    public static KeyRule parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.regionMatches(true, 0, "header:", 0, 7)) {
            return header(t.substring(7).strip());
        }
        switch (t.toLowerCase(Locale.ROOT)) {
            case "global": return GLOBAL;
            case "ip": return IP;
            case "route": return ROUTE;
            default: throw new IllegalArgumentException("'" + text + "' is not a key rule; use " + ALLOWED);
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return kind == Kind.HEADER ? "header:" + header : kind.name().toLowerCase(Locale.ROOT);
    }
}
