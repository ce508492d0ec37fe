package io.ratelab.traffic.trace;

import java.util.Map;

/**
 * One request read from a trace, whatever its format: when it arrived and what a key mapping can pick from it.
 * Immutable.
 *
 * @param line            the 1-based line of the file it came from (for HAR, the line where its entry starts)
 * @param epochNanos      arrival time, nanoseconds since 1970-01-01T00:00Z (time zones already applied)
 * @param resolutionNanos the resolution of the recorded time: {@link #SECOND} for whole-second stamps (these are
 *                        spread within their second when read, see {@link ReorderBuffer}), else what the stamp
 *                        carries (1 ms for {@code $msec}, 1 µs for RateLab's recordings), 0 once spread
 * @param address         the client address ({@code $remote_addr}, IPv4 or IPv6), or null if the format has none
 * @param user            the authenticated user ({@code $remote_user}), or null
 * @param method          the HTTP method, {@code -} if the request line was unreadable
 * @param path            the path without the query, {@code -} if unreadable
 * @param query           the query as recorded, without the {@code ?}; empty if none was recorded
 * @param status          the response status, 0 if not recorded
 * @param key             the format's own client key (CSV/JSON {@code key}), or null
 * @param headers         request headers the format carries, names lower-case ({@code x-api-key})
 * @param recorded        what the limiter that wrote the line decided, or null when the format records no decision
 */
public record TraceRequest(long line, long epochNanos, long resolutionNanos, String address, String user,
                           String method, String path, String query, int status, String key,
                           Map<String, String> headers, RecordedDecision recorded) {

    /** One second in nanoseconds: the resolution of {@code $time_local} and common-log stamps. */
    public static final long SECOND = 1_000_000_000L;

    public TraceRequest {
        if (method == null || method.isEmpty()) {
            method = "-";
        }
        if (path == null || path.isEmpty()) {
            path = "-";
        }
        query = query == null ? "" : query;
        headers = headers == null ? Map.of() : headers;
    }

    /** A request whose line records no limiter decision. */
    public TraceRequest(long line, long epochNanos, long resolutionNanos, String address, String user, String method,
                        String path, String query, int status, String key, Map<String, String> headers) {
        this(line, epochNanos, resolutionNanos, address, user, method, path, query, status, key, headers, null);
    }

    /** This request at another time, with the given resolution. */
    TraceRequest at(long newEpochNanos, long newResolutionNanos) {
        return new TraceRequest(line, newEpochNanos, newResolutionNanos, address, user, method, path, query, status,
                key, headers, recorded);
    }

    /** The request target as recorded: the path and, if one was recorded, {@code ?query}. */
    public String target() {
        return query.isEmpty() ? path : path + "?" + query;
    }

    /** {@code METHOD /path}: what the {@code route} key mapping uses. */
    public String route() {
        return method + " " + path;
    }
}
