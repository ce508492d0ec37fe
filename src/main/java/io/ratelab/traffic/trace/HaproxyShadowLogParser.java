package io.ratelab.traffic.trace;

/**
 * Reads the log line of RateLab's HAProxy shadow export ({@code export --format haproxy --shadow}):
 * <pre>ratelab-shadow 1732400000123 10.0.0.7 200 would-reject "GET /items?q=1 HTTP/1.1" 10.0.0.7</pre>
 * time in epoch milliseconds (taken by the first {@code http-request} rule), client address, status, the would-be
 * decision ({@code would-reject}, or {@code -} for a request within the limit), the request line and the key the
 * stick table tracked (the rest of the line). Whatever precedes the {@code ratelab-shadow} tag (a syslog prefix) is
 * ignored, and so are lines without it (HAProxy's own notices, other programs' lines in a shared log). The decision
 * becomes the request's {@link RecordedDecision} (shadow), the key the request's own key. Not thread-safe.
 */
final class HaproxyShadowLogParser implements LineParser {

    /** The tag that starts RateLab's HAProxy shadow log line. */
    static final String TAG = "ratelab-shadow ";
    private static final String WOULD_REJECT = "would-reject";

    private final Timestamps times = new Timestamps();

    @Override
    public TraceRequest parse(String text, long line) throws MalformedLine {
        int at = text.indexOf(TAG);
        if (at < 0) {
            return null;
        }
        int pos = at + TAG.length();
        int sp1 = space(text, pos, "time");
        String time = text.substring(pos, sp1);
        if (time.equals("-") || time.isEmpty()) {
            throw new MalformedLine("has no time (the set-var(txn.ratelab_t) rule did not run)");
        }
        long epochNanos = times.epochNumber(time);
        int sp2 = space(text, sp1 + 1, "client");
        String client = text.substring(sp1 + 1, sp2);
        int sp3 = space(text, sp2 + 1, "status");
        int status = status(text.substring(sp2 + 1, sp3));
        int sp4 = space(text, sp3 + 1, "decision");
        String decision = text.substring(sp3 + 1, sp4);
        if (!decision.equals(WOULD_REJECT) && !decision.equals("-")) {
            throw new MalformedLine("decision '" + decision + "' is not " + WOULD_REJECT + " or -");
        }
        if (sp4 + 1 >= text.length() || text.charAt(sp4 + 1) != '"') {
            throw new MalformedLine("has no quoted request line after the decision");
        }
        int close = text.indexOf("\" ", sp4 + 2);
        if (close < 0) {
            throw new MalformedLine("has no key after the request line");
        }
        String[] request = text.substring(sp4 + 2, close).split(" ");
        String method = request.length >= 2 && request[0].chars().allMatch(c -> c >= 'A' && c <= 'Z') ? request[0]
                : "-";
        String target = method.equals("-") ? "-" : request[1];
        String key = text.substring(close + 2).strip();
        return new TraceRequest(line, epochNanos, times.resolutionNanos, client.equals("-") ? null : client, null,
                method, LogFormatParser.pathOf(target), LogFormatParser.queryOf(target), status,
                key.isEmpty() ? "-" : key, null, new RecordedDecision(null, decision.equals(WOULD_REJECT), true));
    }

    private static int space(String text, int from, String field) throws MalformedLine {
        int sp = text.indexOf(' ', from);
        if (sp < 0) {
            throw new MalformedLine("ends before its " + field + " (" + TAG.strip() + " TIME_MS CLIENT STATUS"
                    + " DECISION \"REQUEST\" KEY)");
        }
        return sp;
    }

    private static int status(String s) {
        return s.length() == 3 && s.chars().allMatch(Character::isDigit) ? Integer.parseInt(s) : 0;
    }

    @Override
    public String toString() {
        return "HAProxy shadow log";
    }
}
