package io.ratelab.traffic;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a rate schedule: a CSV file of {@code seconds,rate} rows, the rate per second (a decimal number) that holds
 * from that second until the next row's; the last row's rate holds until the end of the run. Rows must be in
 * increasing time order and the first must start at {@code 0}. Blank lines and lines starting with {@code #} are
 * skipped, as is a header {@code seconds,rate} before the first row. Example:
 * <pre>
 * seconds,rate
 * 0,5
 * 30,50      # a flash crowd at 30 s
 * 40,5
 * </pre>
 * Rates are per client, as every arrival rate in a scenario is.
 */
public final class RateSchedule {

    /** The largest schedule file read (a row per second for a day is about 1 MB). */
    public static final long MAX_FILE_BYTES = 16_000_000;

    /** One row: from {@code startNanos} on, {@code ratePerSecond}. */
    public record Entry(long startNanos, double ratePerSecond) {
        public Entry {
            if (startNanos < 0) {
                throw new IllegalArgumentException("seconds: must be 0 or more, got " + startNanos / 1e9);
            }
            if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
                throw new IllegalArgumentException("rate: must be 0 or more, got " + ratePerSecond);
            }
        }
    }

    private RateSchedule() {
    }

    /**
     * Reads {@code file} into a profile.
     *
     * @throws IllegalArgumentException naming the file and line of a bad row, or an unreadable file
     */
    public static RateProfile read(Path file) {
        String problem = ReadableFile.problem(file, "a rate schedule", MAX_FILE_BYTES);
        if (problem != null && java.nio.file.Files.exists(file)) {
            throw new IllegalArgumentException(file + " " + problem);
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the rate schedule (" + e.getMessage() + ")", e);
        }
    }

    /** Parses schedule text; {@code source} names it in errors. */
    public static RateProfile parse(BufferedReader in, String source) throws IOException {
        List<Entry> entries = new ArrayList<>();
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            String text = stripComment(line).strip();
            if (text.isEmpty() || entries.isEmpty() && text.replace(" ", "").equalsIgnoreCase("seconds,rate")) {
                continue;
            }
            Entry e = row(text, source, lineNo);
            if (entries.isEmpty() && e.startNanos() != 0 || !entries.isEmpty()
                    && e.startNanos() <= entries.get(entries.size() - 1).startNanos()) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": rows must start at 0 seconds and"
                        + " increase; got '" + text + "'");
            }
            entries.add(e);
        }
        try {
            return RateProfile.schedule(entries);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static Entry row(String text, String source, int lineNo) {
        String[] parts = text.split(",");
        try {
            if (parts.length != 2) {
                throw new IllegalArgumentException("expected two columns 'seconds,rate'");
            }
            double seconds = Double.parseDouble(parts[0].strip());
            if (!(seconds >= 0) || seconds > 1e9) {
                throw new IllegalArgumentException("seconds must be 0 or more");
            }
            return new Entry(Math.round(seconds * 1e9), Double.parseDouble(parts[1].strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ":" + lineNo + ": '" + text + "': " + e.getMessage()
                    + " (rows are 'seconds,rate', e.g. '30,50' for 50 requests per second from 30 s on)", e);
        }
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash >= 0 ? line.substring(0, hash) : line;
    }
}
