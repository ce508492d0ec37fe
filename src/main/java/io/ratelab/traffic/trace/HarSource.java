package io.ratelab.traffic.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.Reader;
import java.util.HashMap;
import java.util.Map;

/**
 * The requests of a HAR file ({@code log.entries[]}), read with Jackson's streaming parser: nothing but the current
 * entry's few fields is held, whatever the file's size, and response bodies are skipped without being decoded.
 * Per entry: {@code startedDateTime} (ISO-8601, required), {@code request.method}, {@code request.url} (its path is
 * kept, and its host is the entry's {@code host} header for the {@code host} key), {@code request.headers} and
 * {@code response.status}. HAR records no client address, so the {@code ip} key puts every entry in one client; the
 * default key is {@code host} or {@code route} (see {@link TraceFormat#defaultKey()}).
 *
 * <p>An entry without a readable time is skipped and reported with the line where it starts. A file whose JSON
 * breaks off (a truncated export) keeps the entries before the break, which is reported as skipped.
 */
final class HarSource implements RequestSource {

    private static final JsonFactory JSON = new JsonFactory();
    private final JsonParser p;
    private final LineTally skipped;
    private final Timestamps times = new Timestamps();
    private boolean inEntries;
    private boolean done;

    HarSource(Reader in, LineTally skipped) throws IOException {
        this.p = JSON.createParser(in);
        this.skipped = skipped;
    }

    @Override
    public TraceRequest next() throws IOException {
        try {
            if (!inEntries && !seekEntries()) {
                return null;
            }
            while (!done) {
                JsonToken t = p.nextToken();
                if (t != JsonToken.START_OBJECT) {
                    done = true;
                    return null;
                }
                long line = p.currentTokenLocation().getLineNr();
                TraceRequest r = entry(line);
                if (r != null) {
                    return r;
                }
            }
            return null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            done = true;
            skipped.add(e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "the HAR's JSON breaks off here; the rest of the file is not read (" + e.getOriginalMessage() + ")");
            return null;
        }
    }

    /** Moves to the first entry of {@code log.entries}; false (nothing to read) if there is none. */
    private boolean seekEntries() throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new TraceException("format: a HAR file is a JSON object with log.entries");
        }
        if (!field("log") || p.currentToken() != JsonToken.START_OBJECT || !field("entries")
                || p.currentToken() != JsonToken.START_ARRAY) {
            throw new TraceException("format: no log.entries array in this HAR file");
        }
        inEntries = true;
        return true;
    }

    /** Within the current object, moves to the value of {@code name}, skipping other fields. */
    private boolean field(String name) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String n = p.currentName();
            p.nextToken();
            if (n.equals(name)) {
                return true;
            }
            p.skipChildren();
        }
        return false;
    }

    private TraceRequest entry(long line) throws IOException {
        String started = null;
        String[] request = new String[2];
        Map<String, String> headers = new HashMap<>(8);
        int status = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String n = p.currentName();
            JsonToken v = p.nextToken();
            if (n.equals("startedDateTime") && v == JsonToken.VALUE_STRING) {
                started = p.getText();
            } else if (n.equals("request") && v == JsonToken.START_OBJECT) {
                request(request, headers);
            } else if (n.equals("response") && v == JsonToken.START_OBJECT) {
                status = status();
            } else {
                p.skipChildren();
            }
        }
        if (started == null) {
            skipped.add(line, "HAR entry without startedDateTime");
            return null;
        }
        try {
            long t = times.iso(started);
            String target = request[1] == null ? null : pathOfUrl(request[1]);
            String host = request[1] == null ? null : hostOfUrl(request[1]);
            if (host != null) {
                headers.put("host", host);
            }
            String path = target == null ? null : LogFormatParser.pathOf(target);
            String query = target == null ? null : LogFormatParser.queryOf(target);
            return new TraceRequest(line, t, times.resolutionNanos, null, null, request[0], path, query, status, null,
                    headers);
        } catch (MalformedLine e) {
            skipped.add(line, "HAR entry: " + e.getMessage());
            return null;
        }
    }

    private void request(String[] methodAndUrl, Map<String, String> headers) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String n = p.currentName();
            JsonToken v = p.nextToken();
            if (n.equals("method") && v == JsonToken.VALUE_STRING) {
                methodAndUrl[0] = p.getText();
            } else if (n.equals("url") && v == JsonToken.VALUE_STRING) {
                methodAndUrl[1] = p.getText();
            } else if (n.equals("headers") && v == JsonToken.START_ARRAY) {
                headers(headers);
            } else {
                p.skipChildren();
            }
        }
    }

    private void headers(Map<String, String> headers) throws IOException {
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String name = null;
            String value = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String n = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_STRING && n.equals("name")) {
                    name = p.getText();
                } else if (v == JsonToken.VALUE_STRING && n.equals("value")) {
                    value = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (name != null && value != null) {
                headers.putIfAbsent(name.toLowerCase(java.util.Locale.ROOT), value);
            }
        }
    }

    private int status() throws IOException {
        int status = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String n = p.currentName();
            JsonToken v = p.nextToken();
            if (n.equals("status") && v == JsonToken.VALUE_NUMBER_INT) {
                status = p.getIntValue();
            } else {
                p.skipChildren();
            }
        }
        return status;
    }

    /** {@code https://user@host:8443/a/b?q} gives {@code host:8443}; null for a bare path. */
    static String hostOfUrl(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        int start = scheme + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        String host = authority.substring(authority.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
        return host.isEmpty() ? null : host;
    }

    /** {@code https://host:8443/a/b?q} gives {@code /a/b?q}; a bare path is kept. */
    private static String pathOfUrl(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int slash = url.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : url.substring(slash);
    }

    @Override
    public void close() throws IOException {
        p.close();
    }
}
