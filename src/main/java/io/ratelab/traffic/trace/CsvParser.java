package io.ratelab.traffic.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads CSV traces. The first line that is neither blank nor a {@code #} comment is the header; it must name
 * {@code timestamp} and {@code key} and usually reads {@code timestamp,key,method,path}. Columns may come in any
 * order; {@code ip}, {@code user} and {@code status} are read too, and every other column is available as a header of
 * its name (so {@code key: header:X-Tenant} picks a column {@code x-tenant}). Timestamps are epoch seconds,
 * milliseconds (by magnitude, see {@link Timestamps}) or ISO-8601. Fields may be quoted with {@code "} (a doubled
 * {@code ""} inside is a quote). Not thread-safe.
 */
final class CsvParser implements LineParser {

    private final Timestamps times = new Timestamps();
    private String[] columns;
    private int timestamp = -1;

    @Override
    public TraceRequest parse(String text, long line) throws MalformedLine {
        if (text.isBlank() || text.startsWith("#")) {
            return null;
        }
        List<String> fields = split(text);
        if (columns == null) {
            header(fields);
            return null;
        }
        if (fields.size() < columns.length) {
            throw new MalformedLine("has " + fields.size() + " fields, the header names " + columns.length);
        }
        long t = times.any(fields.get(timestamp).strip());
        String key = null;
        String ip = null;
        String user = null;
        String method = null;
        String path = null;
        String query = null;
        int status = 0;
        Map<String, String> headers = null;
        for (int i = 0; i < columns.length; i++) {
            String v = fields.get(i);
            switch (columns[i]) {
                case "timestamp" -> { }
                case "key" -> key = v;
                case "ip" -> ip = v;
                case "user" -> user = v.isEmpty() || v.equals("-") ? null : v;
                case "method" -> method = v;
                case "path" -> {
                    String target = v;
                    path = LogFormatParser.pathOf(target);
                    query = LogFormatParser.queryOf(target);
                }
                case "status" -> status = status(v);
                default -> {
                    if (headers == null) {
                        headers = new HashMap<>(4);
                    }
                    headers.put(columns[i], v);
                }
            }
        }
        return new TraceRequest(line, t, times.resolutionNanos, ip, user, method, path, query, status, key,
                headers);
    }

    private void header(List<String> fields) {
        columns = new String[fields.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = fields.get(i).strip().toLowerCase(Locale.ROOT);
            if (columns[i].equals("timestamp")) {
                timestamp = i;
            }
        }
        if (timestamp < 0 || !List.of(columns).contains("key")) {
            throw new TraceException("format: a CSV trace starts with a header row naming timestamp and key, such as"
                    + " 'timestamp,key,method,path'; got '" + String.join(",", fields) + "'");
        }
    }

    private static int status(String v) throws MalformedLine {
        if (v.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new MalformedLine("status '" + v + "' is not a number");
        }
    }

    /** Splits one CSV record (RFC 4180 quoting, on one line). */
    static List<String> split(String text) throws MalformedLine {
        List<String> out = new ArrayList<>(6);
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    b.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    b.append(c);
                }
            } else if (c == '"' && b.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                out.add(b.toString());
                b.setLength(0);
                wasQuoted = false;
            } else {
                b.append(c);
            }
        }
        if (quoted) {
            throw new MalformedLine("a quoted field is not closed");
        }
        out.add(b.toString());
        return out;
    }
}
