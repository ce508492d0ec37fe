package io.ratelab.traffic.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A trace file format: {@code combined}, {@code common} (also {@code clf}), a custom nginx {@code log_format} string
 * (any text with a {@code $variable}, e.g. {@code '$remote_addr [$time_local] "$request" $status "$http_x_api_key"'}),
 * {@code har}, {@code csv}, {@code jsonl}, {@code ratelab} (the proxy's {@code --record} files) or {@code haproxy}
 * (the log line of RateLab's HAProxy shadow export). Immutable.
 *
 * @param kind      which family of reader
 * @param logFormat the nginx {@code log_format} for the access-log kinds, null otherwise
 */
public record TraceFormat(Kind kind, String logFormat) {

    /** The readers. */
    public enum Kind {
        COMBINED, COMMON, NGINX, HAR, CSV, JSONL, RATELAB, HAPROXY;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The names {@link #parse} accepts, for messages. */
    public static final String ALLOWED = "combined, common (clf), har, csv, jsonl, ratelab, haproxy (RateLab's"
            + " HAProxy shadow log), or an nginx log_format string such as '$remote_addr [$time_local] \"$request\""
            + " $status'";

    public static final TraceFormat COMBINED = new TraceFormat(Kind.COMBINED, LogFormatParser.COMBINED);
    public static final TraceFormat COMMON = new TraceFormat(Kind.COMMON, LogFormatParser.COMMON);
    public static final TraceFormat HAR = new TraceFormat(Kind.HAR, null);
    public static final TraceFormat CSV = new TraceFormat(Kind.CSV, null);
    public static final TraceFormat JSONL = new TraceFormat(Kind.JSONL, null);
    public static final TraceFormat RATELAB = new TraceFormat(Kind.RATELAB, null);
    public static final TraceFormat HAPROXY = new TraceFormat(Kind.HAPROXY, null);
    /**
     * The access log line of RateLab's nginx shadow export ({@code log_format ratelab_shadow}); keyed by a header,
     * the export appends the header's value in quotes.
     */
    public static final String NGINX_SHADOW_LOG = "$remote_addr [$msec] \"$request\" $status $request_time"
            + " $limit_req_status";

    public TraceFormat {
        if (kind == null) {
            throw new IllegalArgumentException("format: is required; one of " + ALLOWED);
        }
        boolean log = kind == Kind.COMBINED || kind == Kind.COMMON || kind == Kind.NGINX;
        if (log != (logFormat != null)) {
            throw new IllegalArgumentException("format: a log_format string goes with the access-log kinds only");
        }
        if (log) {
            new LogFormatParser(logFormat);
        }
    }

    /**
     * Parses a format name or an nginx {@code log_format} string.
     *
     * @throws IllegalArgumentException {@code format: ...} naming the allowed forms
     */
    public static TraceFormat parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.indexOf('$') >= 0) {
            return new TraceFormat(Kind.NGINX, t);
        }
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "combined" -> COMBINED;
            case "common", "clf" -> COMMON;
            case "har" -> HAR;
            case "csv" -> CSV;
            case "jsonl", "ndjson", "json-lines" -> JSONL;
            case "ratelab" -> RATELAB;
            case "haproxy" -> HAPROXY;
            default -> throw new IllegalArgumentException("format: unknown '" + text + "'; one of " + ALLOWED);
        };
    }

    /**
     * Guesses the format of {@code file} from its name and first lines: {@code .har} is HAR, {@code .csv} CSV; a
     * line with the {@code ratelab-shadow} tag is RateLab's HAProxy shadow log; JSON
     * lines with an {@code outcome} field are RateLab recordings, other JSON lines are {@code jsonl} (a {@code .json}
     * file that is one big object is HAR); other text is combined if its first request line reads as combined, else
     * common, else the nginx shadow export's {@link #NGINX_SHADOW_LOG}.
     *
     * @throws TraceException {@code format: ...} when it cannot tell
     */
    private static final int DETECT_CHARS = 1 << 16;

    public static TraceFormat detect(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
        if (name.endsWith(".har")) {
            return HAR;
        }
        if (name.endsWith(".csv")) {
            return CSV;
        }
        String first = firstLine(file);
        if (first.contains(HaproxyShadowLogParser.TAG) || tagWithin(file, 100)) {
            return HAPROXY;
        }
        if (first.startsWith("{")) {
            boolean oneLineObject = first.endsWith("}");
            if (!oneLineObject) {
                return HAR;
            }
            return first.contains("\"outcome\"") ? RATELAB : JSONL;
        }
        for (TraceFormat f : new TraceFormat[]{COMBINED, COMMON, new TraceFormat(Kind.NGINX, NGINX_SHADOW_LOG)}) {
            try {
                LineParser parser = f.parser();
                if (parser.parse(first, 1) != null && parser.repair() == null) {
                    return f;
                }
            } catch (MalformedLine e) {
                // try the next
            }
        }
        throw new TraceException("format: cannot tell the format of " + file.getFileName() + " from its first line;"
                + " give one of " + ALLOWED);
    }

    /** True when one of the first {@code lines} lines has the HAProxy shadow log's tag (after HAProxy's notices). */
    private static boolean tagWithin(Path file, int lines) throws IOException {
        try (BufferedReader in = new BufferedReader(new LineLengthLimit(TraceReader.reader(file), file.toString()))) {
            String line;
            int read = 0;
            while ((line = in.readLine()) != null && read++ < lines) {
                if (line.contains(HaproxyShadowLogParser.TAG)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The first line that is neither blank nor a comment, within the file's first {@value #DETECT_CHARS} characters (a
     * line cut there, such as a one-line HAR's, comes back cut, without its closing brace).
     */
    private static String firstLine(Path file) throws IOException {
        char[] head = new char[DETECT_CHARS];
        int n = 0;
        try (Reader in = TraceReader.reader(file)) {
            for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0; ) {
                n += r;
            }
        }
        for (String line : new String(head, 0, n).split("\n", -1)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                return line.strip();
            }
        }
        return "";
    }

    /** A line parser for the line-based kinds. */
    LineParser parser() {
        return switch (kind) {
            case COMBINED, COMMON, NGINX -> new LogFormatParser(logFormat);
            case CSV -> new CsvParser();
            case JSONL -> new JsonLineParser(false);
            case RATELAB -> new JsonLineParser(true);
            case HAPROXY -> new HaproxyShadowLogParser();
            case HAR -> throw new IllegalStateException("HAR is not line-based");
        };
    }

    /**
     * Opens {@code in} as a source of this format's requests; {@code source} names it in errors; damaged lines read
     * anyway go to {@code repaired}.
     */
    RequestSource open(Reader in, String source, LineTally skipped, LineTally repaired) throws IOException {
        if (kind == Kind.HAR) {
            return new HarSource(in, skipped);
        }
        return new LineSource(new BufferedReader(new LineLengthLimit(in, source), 1 << 16), parser(), skipped,
                repaired);
    }

    /**
     * The key mapping used when none is given: the client address for logs, the format's own key for CSV, JSON lines
     * and recordings; for HAR, which records no address, {@code route} ({@link TraceReader} makes it {@code host}
     * when the entries span several hosts).
     */
    public TraceKey defaultKey() {
        return switch (kind) {
            case COMBINED, COMMON, NGINX -> TraceKey.IP;
            case HAR -> TraceKey.ROUTE;
            case CSV, JSONL, RATELAB, HAPROXY -> TraceKey.KEY;
        };
    }

    /** True when the format records a client address (the {@code ip} key means something). */
    public boolean hasAddresses() {
        return kind != Kind.HAR;
    }

    /** The name as written in files: {@code combined}, ..., or the log_format string itself. */
    @Override
    public String toString() {
        return kind == Kind.NGINX ? logFormat : kind.id();
    }
}
