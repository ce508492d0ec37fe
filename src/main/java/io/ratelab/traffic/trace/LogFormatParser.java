package io.ratelab.traffic.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads access-log lines written by an nginx {@code log_format} (and Apache's common and combined formats, which are
 * such formats). The format is compiled once into literals and variables; a line must match each literal exactly, a
 * variable's value runs to the next literal (inside quotes, {@code \"} does not end it), and text after the last one
 * is ignored, so logs with extra fields appended still read.
 *
 * <p>Variables used: {@code $remote_addr} (IPv4 or IPv6), {@code $remote_user}, {@code $time_local},
 * {@code $time_iso8601}, {@code $msec}, {@code $request} (or {@code $request_method} with {@code $request_uri} /
 * {@code $uri}), {@code $status}, {@code $request_time}, {@code $limit_req_status} and {@code $limit_conn_status}
 * (the limit's decision, see {@link RecordedDecision}), and every {@code $http_NAME} header
 * ({@code $http_x_api_key} is header {@code x-api-key}; {@code $http_x_forwarded_for} feeds the {@code forwarded}
 * key). Others ({@code $body_bytes_sent}, ...) are matched and ignored.
 *
 * <p>nginx writes a line when the response is complete and stamps it then; when the format has
 * {@code $request_time} and a stamp of 1 ms resolution or finer ({@code $msec}, fractional ISO), the arrival is the
 * stamp minus {@code $request_time}. Whole-second stamps are left as they are (spread later within their second).
 * Not thread-safe.
 */
final class LogFormatParser implements LineParser {

    /** nginx's predefined {@code combined}, which is also Apache's. */
    static final String COMBINED = "$remote_addr $ident $remote_user [$time_local] \"$request\" $status"
            + " $body_bytes_sent \"$http_referer\" \"$http_user_agent\"";
    /** The Common Log Format (Apache {@code %h %l %u %t "%r" %>s %b}). */
    static final String COMMON = "$remote_addr $ident $remote_user [$time_local] \"$request\" $status"
            + " $body_bytes_sent";

    private final String format;
    private final String[] literals;
    private final String[] variables;
    private final boolean hasTime;
    /** The last variable RateLab needs (client, time, request, status): a line damaged after it is repaired. */
    private final int lastUsed;
    /** The time variable, for {@link #timeOf}; -1 when the arrival needs {@code $request_time} too. */
    private final int timeIndex;
    private final Timestamps times = new Timestamps();
    private String repair;

    LogFormatParser(String format) {
        this.format = format;
        List<String> lits = new ArrayList<>();
        List<String> vars = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c == '$' && i + 1 < format.length()) {
                boolean braced = format.charAt(i + 1) == '{';
                int start = braced ? i + 2 : i + 1;
                int end = start;
                while (end < format.length() && isNameChar(format.charAt(end))) {
                    end++;
                }
                if (end > start && (!braced || end < format.length() && format.charAt(end) == '}')) {
                    lits.add(lit.toString());
                    lit.setLength(0);
                    vars.add(format.substring(start, end).toLowerCase(java.util.Locale.ROOT));
                    i = braced ? end + 1 : end;
                    continue;
                }
            }
            lit.append(c);
            i++;
        }
        lits.add(lit.toString());
        this.literals = lits.toArray(String[]::new);
        this.variables = vars.toArray(String[]::new);
        this.hasTime = vars.contains("time_local") || vars.contains("time_iso8601") || vars.contains("msec");
        if (!hasTime) {
            throw new TraceException("format: a log_format needs a time: $time_local, $time_iso8601 or $msec; got '"
                    + format + "'");
        }
        int used = -1;
        int time = -1;
        for (int v = 0; v < variables.length; v++) {
            if (USED.contains(variables[v])) {
                used = v;
            }
            if (time < 0 && (variables[v].equals("time_local") || variables[v].equals("time_iso8601")
                    || variables[v].equals("msec"))) {
                time = v;
            }
        }
        this.lastUsed = used;
        this.timeIndex = vars.contains("request_time") ? -1 : time;
    }

    private static final java.util.Set<String> USED = java.util.Set.of("remote_addr", "time_local", "time_iso8601",
            "msec", "request", "request_method", "request_uri", "uri", "status", "request_time");

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    @Override
    public TraceRequest parse(String text, long line) throws MalformedLine {
        if (text.isBlank()) {
            return null;
        }
        repair = null;
        Fields f = new Fields();
        int pos = expect(text, 0, literals[0]);
        for (int v = 0; v < variables.length; v++) {
            String next = literals[v + 1];
            int end;
            if (next.isEmpty()) {
                end = v + 1 == variables.length ? text.length() : nextSpace(text, pos);
            } else {
                end = find(text, pos, next);
                if (end < 0) {
                    String why = "no '" + next + "' after $" + variables[v] + " (column " + (pos + 1) + ")";
                    if (v > lastUsed) {
                        repair = "$" + variables[v] + " is cut off or carries an unescaped quote (" + why + "); read"
                                + " without it";
                        break;
                    }
                    throw new MalformedLine("does not match the log format: " + why);
                }
            }
            f.set(variables[v], text.substring(pos, end), times);
            pos = next.isEmpty() ? end : end + next.length();
        }
        return f.toRequest(line);
    }

    @Override
    public String repair() {
        return repair;
    }

    /** Walks the line only as far as its time (no request, status or headers). */
    @Override
    public long timeOf(String text) {
        if (timeIndex < 0) {
            return LineParser.super.timeOf(text);
        }
        if (!text.startsWith(literals[0])) {
            return NO_TIME;
        }
        int pos = literals[0].length();
        for (int v = 0; v <= timeIndex; v++) {
            String next = literals[v + 1];
            int end = next.isEmpty() ? (v + 1 == variables.length ? text.length() : nextSpace(text, pos))
                    : find(text, pos, next);
            if (end < 0) {
                return NO_TIME;
            }
            if (v == timeIndex) {
                try {
                    String value = text.substring(pos, end);
                    return switch (variables[v]) {
                        case "time_local" -> times.timeLocal(value);
                        case "time_iso8601" -> times.iso(value);
                        default -> times.epochNumber(value);
                    };
                } catch (MalformedLine | ArithmeticException e) {
                    return NO_TIME;
                }
            }
            pos = next.isEmpty() ? end : end + next.length();
        }
        return NO_TIME;
    }

    private static int expect(String text, int pos, String literal) throws MalformedLine {
        if (!text.startsWith(literal, pos)) {
            throw new MalformedLine("does not match the log format: expected '" + literal + "' at column " + (pos + 1));
        }
        return pos + literal.length();
    }

    private static int nextSpace(String text, int from) {
        int i = text.indexOf(' ', from);
        return i < 0 ? text.length() : i;
    }

    /** The next {@code literal} from {@code from}; a quote preceded by a backslash is part of a value. */
    private static int find(String text, int from, String literal) {
        int i = from;
        while (true) {
            int at = text.indexOf(literal, i);
            if (at <= from || literal.charAt(0) != '"' || text.charAt(at - 1) != '\\') {
                return at;
            }
            i = at + 1;
        }
    }

    @Override
    public String toString() {
        return "log_format '" + format + "'";
    }

    /** The values of one line. */
    private static final class Fields {
        private long epochNanos = Long.MIN_VALUE;
        private long resolution;
        private String address;
        private String user;
        private String method;
        private String path;
        private String query;
        private int status;
        private long requestTimeNanos = -1;
        private Map<String, String> headers;
        private RecordedDecision recorded;

        void set(String var, String value, Timestamps times) throws MalformedLine {
            switch (var) {
                case "remote_addr" -> address = address(value);
                case "remote_user" -> user = value.equals("-") ? null : value;
                case "time_local" -> time(times.timeLocal(value), times);
                case "time_iso8601" -> time(times.iso(value), times);
                case "msec" -> time(times.epochNumber(value), times);
                case "request" -> request(value);
                case "request_method" -> method = value;
                case "request_uri" -> {
                    path = pathOf(value);
                    query = queryOf(value);
                }
                case "uri" -> path = pathOf(value);
                case "status" -> status = status(value);
                case "request_time" -> requestTimeNanos = seconds(value);
                case "limit_req_status", "limit_conn_status" -> recorded = RecordedDecision.ofNginx(firstWord(value));
                default -> {
                    if (var.startsWith("http_") && !value.equals("-") && !value.isEmpty()) {
                        if (headers == null) {
                            headers = new HashMap<>(4);
                        }
                        headers.put(var.substring(5).replace('_', '-'), value);
                    }
                }
            }
        }

        /** A one-word value at the end of a format runs to the end of the line; fields appended after it are not it. */
        private static String firstWord(String value) {
            int sp = value.indexOf(' ');
            return sp < 0 ? value : value.substring(0, sp);
        }

        private void time(long t, Timestamps times) {
            epochNanos = t;
            resolution = times.resolutionNanos;
        }

        private static String address(String value) throws MalformedLine {
            if (value.isEmpty() || value.indexOf(' ') >= 0 || value.indexOf('"') >= 0) {
                throw new MalformedLine("client address '" + value + "' is not an address");
            }
            return value;
        }

        private void request(String value) {
            int sp = value.indexOf(' ');
            if (sp <= 0 || !value.substring(0, sp).chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
                method = "-";
                path = "-";
                return;
            }
            method = value.substring(0, sp);
            int end = value.indexOf(' ', sp + 1);
            String target = end < 0 ? value.substring(sp + 1) : value.substring(sp + 1, end);
            path = pathOf(target);
            query = queryOf(target);
        }

        private static int status(String value) throws MalformedLine {
            if (value.length() != 3 || !Character.isDigit(value.charAt(0)) || !Character.isDigit(value.charAt(1))
                    || !Character.isDigit(value.charAt(2))) {
                throw new MalformedLine("status '" + value + "' is not a 3-digit status");
            }
            return Integer.parseInt(value);
        }

        private static long seconds(String value) throws MalformedLine {
            try {
                double s = Double.parseDouble(value);
                if (!(s >= 0) || s > 86_400) {
                    throw new MalformedLine("request time '" + value + "' is out of range");
                }
                return Math.round(s * 1e9);
            } catch (NumberFormatException e) {
                throw new MalformedLine("request time '" + value + "' is not a number of seconds");
            }
        }

        TraceRequest toRequest(long line) throws MalformedLine {
            if (epochNanos == Long.MIN_VALUE) {
                throw new MalformedLine("no time");
            }
            long arrival = epochNanos;
            if (requestTimeNanos > 0 && resolution <= 1_000_000L) {
                arrival -= requestTimeNanos;
            }
            return new TraceRequest(line, arrival, resolution, address, user, method, path, query, status, null,
                    headers, recorded);
        }
    }

    /** The query of a request target, without the {@code ?}; empty if it has none. */
    static String queryOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? "" : uri.substring(q + 1);
    }

    /** The path of a request target without its query; {@code -} for an empty one. */
    static String pathOf(String uri) {
        int q = uri.indexOf('?');
        String p = q < 0 ? uri : uri.substring(0, q);
        return p.isEmpty() ? "-" : p;
    }
}
