package io.ratelab.traffic.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads JSON-lines traces, one object per line, with Jackson's streaming parser (no tree per line). Fields:
 * <ul>
 *   <li>the time: {@code ts}, {@code timestamp} or {@code time} — an epoch number (seconds, milliseconds, ... by
 *       magnitude, see {@link Timestamps}) or ISO-8601 text; required;</li>
 *   <li>{@code key}; {@code ip} (or {@code remote_addr}); {@code user}; {@code method}; {@code path} (or
 *       {@code url}, {@code uri}; a query is kept apart: live replay sends it, the route key ignores it); {@code status}; {@code headers}, an object of strings.</li>
 * </ul>
 * Other fields are skipped. RateLab's proxy recordings
 * ({@code {"ts":1732400000.123456789,"key":"127.0.0.1","method":"GET","path":"/items","limiter":"api","outcome":"admitted","status":200}})
 * are JSON lines with {@code ts} and {@code key}; read as {@link TraceFormat.Kind#RATELAB} both are required, and
 * {@code outcome}, {@code shadow} and {@code limiter} give the line's {@link RecordedDecision}.
 * Not thread-safe.
 */
final class JsonLineParser implements LineParser {

    private static final JsonFactory JSON = new JsonFactory();
    private final Timestamps times = new Timestamps();
    private final boolean recording;
    private String repair;

    JsonLineParser(boolean recording) {
        this.recording = recording;
    }

    @Override
    public TraceRequest parse(String text, long line) throws MalformedLine {
        repair = null;
        if (text.isBlank()) {
            return null;
        }
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedLine("is not a JSON object");
            }
            return fields(p, line);
        } catch (IOException e) {
            throw new MalformedLine("is not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
    }

    private TraceRequest fields(JsonParser p, long line) throws IOException, MalformedLine {
        long t = Long.MIN_VALUE;
        String key = null;
        String ip = null;
        String user = null;
        String method = null;
        String path = null;
        String query = null;
        int status = 0;
        Map<String, String> headers = null;
        String outcome = null;
        String shadow = null;
        String limiter = null;
        try {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "ts", "timestamp", "time" -> t = times.any(scalar(p, v, name));
                    case "key" -> key = scalar(p, v, name);
                    case "ip", "remote_addr" -> ip = scalar(p, v, name);
                    case "user" -> user = scalar(p, v, name);
                    case "method" -> method = scalar(p, v, name);
                    case "path", "url", "uri" -> {
                        String target = scalar(p, v, name);
                        path = LogFormatParser.pathOf(target);
                        query = LogFormatParser.queryOf(target);
                    }
                    case "status" -> status = v == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
                    case "headers" -> headers = headers(p, v);
                    case "outcome" -> outcome = scalar(p, v, name);
                    case "shadow" -> shadow = scalar(p, v, name);
                    case "limiter" -> limiter = scalar(p, v, name);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new MalformedLine("has text after the JSON object");
            }
        } catch (IOException e) {
            // a line cut off (or broken) after the time, the path and, for recordings, the key is still a request
            if (t == Long.MIN_VALUE || path == null || recording && key == null) {
                throw e;
            }
            repair = "the JSON breaks off after the fields RateLab uses (" + firstLine(e.getMessage()) + "); read"
                    + " without the rest";
        }
        if (t == Long.MIN_VALUE) {
            throw new MalformedLine("has no time (ts, timestamp or time)");
        }
        if (recording && key == null) {
            throw new MalformedLine("has no key (a RateLab recording has ts and key on every line)");
        }
        return new TraceRequest(line, t, times.resolutionNanos, ip, user, method, path, query, status, key,
                headers, recording ? decision(outcome, shadow, limiter) : null);
    }

    /**
     * A recording's decision: {@code outcome} rejected, or {@code shadow} rejected (refused in shadow mode and
     * forwarded); admitted and error outcomes were admitted by the limiter. Null when the line has no outcome.
     */
    private static RecordedDecision decision(String outcome, String shadow, String limiter) throws MalformedLine {
        if (outcome == null) {
            return null;
        }
        if (shadow != null && !shadow.equals("admitted") && !shadow.equals("rejected")) {
            throw new MalformedLine("field 'shadow' is '" + shadow + "', not admitted or rejected");
        }
        return switch (outcome) {
            case "rejected" -> new RecordedDecision(limiter, true, false);
            case "admitted", "error" -> new RecordedDecision(limiter, "rejected".equals(shadow), shadow != null);
            default -> throw new MalformedLine("field 'outcome' is '" + outcome + "', not admitted, rejected or"
                    + " error");
        };
    }

    @Override
    public String repair() {
        return repair;
    }

    private static String scalar(JsonParser p, JsonToken v, String name) throws IOException, MalformedLine {
        if (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getText();
        }
        throw new MalformedLine("field '" + name + "' is not a string or a number");
    }

    private static Map<String, String> headers(JsonParser p, JsonToken v) throws IOException, MalformedLine {
        if (v != JsonToken.START_OBJECT) {
            throw new MalformedLine("field 'headers' is not an object");
        }
        Map<String, String> h = new HashMap<>(4);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName().toLowerCase(java.util.Locale.ROOT);
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_STRING) {
                h.put(name, p.getText());
            } else {
                p.skipChildren();
            }
        }
        return h;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
