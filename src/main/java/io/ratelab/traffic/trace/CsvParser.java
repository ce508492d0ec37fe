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
    private static final java.util.Set<String> USED = java.util.Set.of("timestamp", "key", "ip", "user", "method",
            "path", "status");
    private String[] columns;
    private int timestamp = -1;
    private String repair;
    private boolean unclosed;

    @Override
    public TraceRequest parse(String text, long line) throws MalformedLine {
        if (text.isBlank() || text.startsWith("#")) {
            return null;
        }
        repair = null;
        unclosed = false;
        List<String> fields = split(text);
        if (columns == null) {
            if (unclosed) {
                throw new MalformedLine("a quoted field is not closed");
            }
            header(fields);
            return null;
        }
        int whole = unclosed ? fields.size() - 1 : fields.size();
        if (whole < columns.length) {
            for (int i = whole; i < columns.length; i++) {
                if (USED.contains(columns[i])) {
                    throw new MalformedLine(unclosed ? "a quoted field is not closed" : "has " + fields.size()
                            + " fields, the header names " + columns.length);
                }
            }
            repair = (unclosed ? "column '" + columns[whole] + "' has an unclosed quote"
                    : "has " + fields.size() + " fields, the header names " + columns.length)
                    + "; read without the columns from '" + columns[whole] + "' on";
            fields = fields.subList(0, whole);
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
        for (int i = 0; i < Math.min(columns.length, fields.size()); i++) {
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

    @Override
    public String repair() {
        return repair;
    }

    /** Splits one CSV record (RFC 4180 quoting, on one line); an unclosed last field is kept and flagged. */
    private List<String> split(String text) {
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
        unclosed = quoted;
        out.add(b.toString());
        return out;
    }
}
