package io.ratelab.traffic.trace;

import java.util.Locale;

/**
 * Which part of a traced request identifies its client, so that replay keeps each client's identity:
 * <ul>
 *   <li>{@code ip}: the client address ({@code $remote_addr}; a CSV/JSON {@code ip} field);</li>
 *   <li>{@code forwarded}: the first address of {@code X-Forwarded-For}, else the client address (logs written
 *       behind a load balancer);</li>
 *   <li>{@code header:NAME}: a request header such as an API key (any {@code $http_*} variable of a log format, a HAR
 *       header, a CSV column or JSON {@code headers} entry of that name);</li>
 *   <li>{@code user}: the authenticated user ({@code $remote_user});</li>
 *   <li>{@code route}: method and path, so each route is one client;</li>
 *   <li>{@code host}: the host the request went to (a HAR entry's URL host; a {@code Host} header or
 *       {@code $http_host} otherwise), so each site is one client;</li>
 *   <li>{@code key}: the format's own key (the CSV/JSON-lines {@code key}, the proxy recording's {@code key});</li>
 *   <li>{@code global}: one client for the whole trace.</li>
 * </ul>
 * A request without the chosen value (no header, user {@code -}) belongs to the client {@code -}, which all such
 * requests share. Immutable.
 *
 * @param kind   the part of the request
 * @param header the header name for {@link Kind#HEADER}, lower-case; null otherwise
 */
public record TraceKey(Kind kind, String header) {

    /** The part of a request a client key is taken from. */
    public enum Kind { IP, FORWARDED, HEADER, USER, ROUTE, HOST, KEY, GLOBAL }

    /** The forms {@link #parse} accepts, for error messages. */
    public static final String ALLOWED = "ip, forwarded, header:NAME (e.g. header:X-Api-Key), user, route, host, key or"
            + " global";

    /** The client of requests without the chosen value. */
    public static final String MISSING = "-";

    public static final TraceKey IP = new TraceKey(Kind.IP, null);
    public static final TraceKey KEY = new TraceKey(Kind.KEY, null);
    public static final TraceKey ROUTE = new TraceKey(Kind.ROUTE, null);
    public static final TraceKey HOST = new TraceKey(Kind.HOST, null);

    public TraceKey {
        if (kind == null) {
            throw new IllegalArgumentException("key: a kind is required; one of " + ALLOWED);
        }
        if (kind == Kind.HEADER) {
            if (header == null || !header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new IllegalArgumentException("key: 'header:' needs a header name, e.g. header:X-Api-Key, got '"
                        + header + "'");
            }
            header = header.toLowerCase(Locale.ROOT);
        } else if (header != null) {
            throw new IllegalArgumentException("key: only header:NAME takes a name");
        }
    }

    /**
     * Parses one of {@link #ALLOWED}.
     *
     * @throws IllegalArgumentException {@code key: ...} naming the allowed forms
     */
    public static TraceKey parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.regionMatches(true, 0, "header:", 0, 7)) {
            return new TraceKey(Kind.HEADER, t.substring(7).strip());
        }
        for (Kind k : Kind.values()) {
            if (k != Kind.HEADER && k.name().equalsIgnoreCase(t)) {
                return new TraceKey(k, null);
            }
        }
        throw new IllegalArgumentException("key: '" + text + "' is not a trace key; use " + ALLOWED);
    }

    /** The client key of {@code r} under this mapping, never null. */
    public String of(TraceRequest r) {
        String k = switch (kind) {
            case IP -> r.address() != null ? r.address() : r.headers().get("ip");
            case FORWARDED -> firstForwarded(r);
            case HEADER -> r.headers().get(header);
            case USER -> r.user();
            case ROUTE -> r.route();
            case HOST -> r.headers().get("host");
            case KEY -> r.key() != null ? r.key() : r.address();
            case GLOBAL -> "all";
        };
        return k == null || k.isEmpty() ? MISSING : k;
    }

    private static String firstForwarded(TraceRequest r) {
        String xff = r.headers().get("x-forwarded-for");
        if (xff == null || xff.isBlank() || xff.equals("-")) {
            return r.address();
        }
        int comma = xff.indexOf(',');
        return (comma < 0 ? xff : xff.substring(0, comma)).strip();
    }

    @Override
    public String toString() {
        return kind == Kind.HEADER ? "header:" + header : kind.name().toLowerCase(Locale.ROOT);
    }
}
