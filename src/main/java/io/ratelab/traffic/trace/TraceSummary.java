package io.ratelab.traffic.trace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a trace holds, from one streaming pass: the span, the request count, the distinct clients, the per-second
 * rate profile (requests in each second from the first request on: what the workbench charts), the busiest clients,
 * and the lines skipped or moved. Immutable; {@link #perSecond()} returns a copy.
 * <pre>{@code
 * TraceSummary s = TraceSummary.scan(Path.of("access.log"), TraceOptions.defaults(), 10);
 * System.out.printf("%d requests from %d clients over %.1f s, %d lines skipped%n",
 *         s.requests(), s.clients(), s.spanNanos() / 1e9, s.skipped().count());
 * }</pre>
 * Memory is one counter per distinct client plus one per second of span (the profile stops after
 * {@link #MAX_PROFILE_SECONDS}, see {@link #profileTruncated()}).
 */
public final class TraceSummary {

    /** The profile covers at most 7 days. */
    public static final int MAX_PROFILE_SECONDS = 7 * 86_400;

    /** A client and its request count. */
    public record ClientCount(String client, long requests) {
    }

    /** The per-second rates' minimum, median and maximum over the seconds of the span (empty seconds count as 0). */
    public record RateStats(long min, double median, long max) {
    }

    private final Path file;
    private final TraceFormat format;
    private final TraceKey key;
    private final long requests;
    private final long firstEpochNanos;
    private final long lastEpochNanos;
    private final long clients;
    private final int[] perSecond;
    private final boolean profileTruncated;
    private final List<ClientCount> topClients;
    private final LineTally skipped;
    private final LineTally late;
    private final LineTally repaired;
    private final long reordered;
    private final long maxDisorderNanos;
    private final long reorderWindowNanos;
    private final int maxBuffered;
    private final String windowNote;

    private TraceSummary(Path file, TraceReader r, long requests, long first, long last, Map<String, long[]> counts,
                         int[] perSecond, boolean truncated, int top) {
        this.file = file;
        this.format = r.format();
        this.key = r.key();
        this.requests = requests;
        this.firstEpochNanos = first;
        this.lastEpochNanos = last;
        this.clients = counts.size();
        this.perSecond = perSecond;
        this.profileTruncated = truncated;
        this.topClients = top(counts, top);
        this.skipped = r.skipped();
        this.late = r.late();
        this.repaired = r.repaired();
        this.reordered = r.reordered();
        this.maxDisorderNanos = r.maxDisorderNanos();
        this.reorderWindowNanos = r.reorderWindowNanos();
        this.maxBuffered = r.maxBuffered();
        this.windowNote = r.windowNote();
    }

    /**
     * Reads {@code file} once.
     *
     * @param top how many of the busiest clients to keep
     * @throws TraceException as {@link TraceReader#open} does
     */
    public static TraceSummary scan(Path file, TraceOptions options, int top) {
        return scan(file, options, top, null);
    }

    /**
     * Reads {@code file} once, also filing every request's time and client number (in order of first appearance, as
     * a replay numbers them) into {@code recording} when it is not null.
     */
    static TraceSummary scan(Path file, TraceOptions options, int top, Recording recording) {
        try (TraceReader r = TraceReader.open(file, options)) {
            Map<String, long[]> counts = new HashMap<>();
            int[] profile = new int[64];
            int seconds = 0;
            boolean truncated = false;
            long n = 0;
            long first = 0;
            long last = 0;
            while (r.advance()) {
                long t = r.epochNanos();
                if (n++ == 0) {
                    first = t;
                }
                last = t;
                long[] count = counts.computeIfAbsent(r.clientKey(), k -> new long[]{0, counts.size()});
                count[0]++;
                if (recording != null) {
                    recording.add(t, (int) count[1]);
                }
                long s = (t - first) / TraceRequest.SECOND;
                if (s >= MAX_PROFILE_SECONDS) {
                    truncated = true;
                    continue;
                }
                if (s >= profile.length) {
                    profile = Arrays.copyOf(profile, (int) Math.min(MAX_PROFILE_SECONDS, Math.max(s + 1,
                            profile.length * 2L)));
                }
                profile[(int) s]++;
                seconds = (int) Math.max(seconds, s + 1);
            }
            return new TraceSummary(file, r, n, first, last, counts, Arrays.copyOf(profile, seconds), truncated, top);
        }
    }

    private static List<ClientCount> top(Map<String, long[]> counts, int top) {
        List<ClientCount> all = new ArrayList<>(counts.size());
        counts.forEach((k, v) -> all.add(new ClientCount(k, v[0])));
        all.sort(Comparator.comparingLong(ClientCount::requests).reversed().thenComparing(ClientCount::client));
        return List.copyOf(all.subList(0, Math.min(Math.max(top, 0), all.size())));
    }

    public Path file() {
        return file;
    }

    public TraceFormat format() {
        return format;
    }

    public TraceKey key() {
        return key;
    }

    /** Requests read. */
    public long requests() {
        return requests;
    }

    /** The first request's time, epoch nanos (0 when there is none). */
    public long firstEpochNanos() {
        return firstEpochNanos;
    }

    /** The last request's time, epoch nanos. */
    public long lastEpochNanos() {
        return lastEpochNanos;
    }

    /** From the first request to the last, nanos. */
    public long spanNanos() {
        return lastEpochNanos - firstEpochNanos;
    }

    /** Distinct clients under the key mapping. */
    public long clients() {
        return clients;
    }

    /** Requests in each second from the first request's time on, {@code [k]} for {@code [first + k s, + 1 s)}. */
    public int[] perSecond() {
        return perSecond.clone();
    }

    /** True when the span exceeds {@link #MAX_PROFILE_SECONDS} and the profile stops there. */
    public boolean profileTruncated() {
        return profileTruncated;
    }

    /** Min, median and max of {@link #perSecond()}; all 0 for an empty trace. */
    public RateStats rateStats() {
        if (perSecond.length == 0) {
            return new RateStats(0, 0, 0);
        }
        int[] sorted = perSecond.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return new RateStats(sorted[0], median, sorted[n - 1]);
    }

    /** The busiest clients, most requests first (ties by name). */
    public List<ClientCount> topClients() {
        return topClients;
    }

    /** Lines skipped as unreadable. */
    public LineTally skipped() {
        return skipped;
    }

    /** Lines out of order beyond the reorder window (kept, placed at the time of the request before them). */
    public LineTally late() {
        return late;
    }

    /** Lines put back in order within the window. */
    public long reordered() {
        return reordered;
    }

    /** Lines read although a trailing field was damaged. */
    public LineTally repaired() {
        return repaired;
    }

    /** The most any line was out of order (behind the latest stamp before it in the file), nanos. */
    public long maxDisorderNanos() {
        return maxDisorderNanos;
    }

    /** The reorder window the trace was read with (measured unless one was given). */
    public long reorderWindowNanos() {
        return reorderWindowNanos;
    }

    /** The most requests held for reordering at once. */
    public int maxBuffered() {
        return maxBuffered;
    }

    /** Why the measured window may not cover the disorder, or that the file was read once; null otherwise. */
    public String windowNote() {
        return windowNote;
    }

    /** The options that read this file again the same way, without measuring: format, key and window fixed. */
    public TraceOptions fixed(TraceOptions options) {
        return options.withFormat(format).withKey(key).withReorderWindowNanos(reorderWindowNanos)
                .withMaxBuffered(maxBuffered);
    }
}
