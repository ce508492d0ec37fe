package io.ratelab.export;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What {@link Verification} found: the requests compared, the rejections predicted against those observed (totals,
 * per second, per key), where they differ and by how much, and the first differing requests with their line
 * numbers. {@link #text()} is what {@code ratelab verify} prints; the record serialises as its {@code --json}.
 * Immutable.
 *
 * @param trace                the trace file
 * @param format               its format as read
 * @param deployed             which limiter wrote it
 * @param limiter              the limiter verified, in its own words
 * @param model                the model that predicted (the limiter itself, or the engine spec its export deploys)
 * @param key                  the limiter's key rule
 * @param traceKey             how a line's client was mapped to that key
 * @param recordedLimiter      for a RateLab recording, the limiter whose lines were compared, else null
 * @param note                 something the reader should know about the comparison, or null
 * @param compared             requests replayed and compared
 * @param noDecision           lines whose request no limit decided (nginx {@code -}), left out
 * @param otherLimiter         lines another limiter decided (a recording across a swap), left out
 * @param unreadable           lines that could not be read
 * @param late                 lines further out of order than the reorder window
 * @param shadow               compared requests decided in shadow mode
 * @param predictedRejected    rejections the model predicts
 * @param observedRejected     rejections (or would-be rejections) the trace records
 * @param predictedOnly        requests the model rejects that were admitted
 * @param observedOnly         requests rejected that the model admits
 * @param seconds              every second with a compared request, in time order
 * @param keys                 every key, in no particular order
 * @param firstDifferences     the first differing requests, in time order
 */
public record VerificationReport(String trace, String format, Verification.Deployed deployed, String limiter,
                                 String model, String key, String traceKey, String recordedLimiter, String note,
                                 long compared, long noDecision, long otherLimiter, long unreadable, long late,
                                 long shadow, long predictedRejected, long observedRejected, long predictedOnly,
                                 long observedOnly, List<Second> seconds, List<Key> keys,
                                 List<Difference> firstDifferences) {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    public VerificationReport {
        seconds = List.copyOf(seconds);
        keys = List.copyOf(keys);
        firstDifferences = List.copyOf(firstDifferences);
    }

    /** One second of the trace: requests, predicted and observed rejections. */
    public record Second(long epochSecond, long requests, long predicted, long observed) {
        public long difference() {
            return observed - predicted;
        }
    }

    /** One key: requests, predicted and observed rejections. */
    public record Key(String key, long requests, long predicted, long observed) {
        public long difference() {
            return observed - predicted;
        }
    }

    /** One request decided otherwise than predicted. */
    public record Difference(long line, long epochNanos, String key, boolean predictedRejected,
                             boolean observedRejected) {
    }

    /** True when every compared request was decided as predicted. */
    public boolean agrees() {
        return predictedOnly == 0 && observedOnly == 0;
    }

    /** Requests decided otherwise than predicted. */
    public long differing() {
        return predictedOnly + observedOnly;
    }

    /** Observed minus predicted rejections, as a percentage of the predicted (0 when none were predicted). */
    public double rejectedDifferencePercent() {
        return predictedRejected == 0 ? 0 : (observedRejected - predictedRejected) * 100.0 / predictedRejected;
    }

    /** The largest difference of rejection counts within one second. */
    public long maxPerSecondDifference() {
        return seconds.stream().mapToLong(s -> Math.abs(s.difference())).max().orElse(0);
    }

    /** The seconds whose counts differ, largest difference first (then earliest). */
    public List<Second> differingSeconds() {
        List<Second> d = new ArrayList<>(seconds.stream().filter(s -> s.difference() != 0).toList());
        d.sort(Comparator.comparingLong((Second s) -> -Math.abs(s.difference()))
                .thenComparingLong(Second::epochSecond));
        return d;
    }

    /** The keys whose counts differ, largest difference first (then by name). */
    public List<Key> differingKeys() {
        List<Key> d = new ArrayList<>(keys.stream().filter(k -> k.difference() != 0).toList());
        d.sort(Comparator.comparingLong((Key k) -> -Math.abs(k.difference())).thenComparing(Key::key));
        return d;
    }

    /** The report as {@code ratelab verify} prints it; {@code top} rows at most in each list. */
    public String text(int top) {
        StringBuilder b = new StringBuilder();
        b.append("verify ").append(limiter).append(" by ").append(key).append(" against ").append(trace)
                .append('\n');
        b.append(String.format(Locale.ROOT, "  trace: %s, client key %s%s; %,d requests compared%s%n", format,
                traceKey, recordedLimiter == null ? "" : ", lines of limiter '" + recordedLimiter + "'", compared,
                shadow == compared ? " (all decided in shadow mode)" : shadow > 0 ? " (" + shadow + " in shadow mode)"
                        : ""));
        if (noDecision + otherLimiter + unreadable + late > 0) {
            b.append(String.format(Locale.ROOT, "  left out: %,d without a decision, %,d by other limiters, %,d"
                    + " unreadable lines, %,d beyond the reorder window%n", noDecision, otherLimiter, unreadable,
                    late));
        }
        if (note != null) {
            b.append("  note: ").append(note).append('\n');
        }
        b.append("  model: ").append(model).append(" (").append(deployed == Verification.Deployed.RATELAB
                ? "the limiter itself, as RateLab's sidecar runs it" : "what the " + deployed.label()
                + " export deploys").append(")\n");
        b.append(String.format(Locale.ROOT, "%n  %-22s %12s %12s%n", "", "predicted", "observed"));
        b.append(String.format(Locale.ROOT, "  %-22s %,12d %,12d   (%+.2f%%)%n", "rejected", predictedRejected,
                observedRejected, rejectedDifferencePercent()));
        b.append(String.format(Locale.ROOT, "  %-22s %,12d %,12d%n%n", "admitted", compared - predictedRejected,
                compared - observedRejected));
        if (agrees()) {
            b.append(String.format(Locale.ROOT, "  agree: every one of the %,d requests was decided as predicted,"
                    + " in each of %,d seconds and for each of %,d keys%n", compared, seconds.size(), keys.size()));
            return b.toString();
        }
        differences(b, top);
        return b.toString();
    }

    /** Where prediction and observation differ: totals, seconds, keys, first requests. */
    private void differences(StringBuilder b, int top) {
        b.append(String.format(Locale.ROOT, "  differ: %,d requests (%.2f%%): %,d rejected that the model admits,"
                        + " %,d admitted that the model rejects%n", differing(), differing() * 100.0 / compared,
                observedOnly, predictedOnly));
        List<Second> ds = differingSeconds();
        b.append(String.format(Locale.ROOT, "  per second: %,d of %,d seconds differ, by at most %,d%n", ds.size(),
                seconds.size(), maxPerSecondDifference()));
        for (Second s : ds.subList(0, Math.min(top, ds.size()))) {
            b.append(String.format(Locale.ROOT, "    %s UTC  %,d requests, predicted %,d rejected, observed %,d"
                    + " (%+d)%n", CLOCK.format(Instant.ofEpochSecond(s.epochSecond())), s.requests(), s.predicted(),
                    s.observed(), s.difference()));
        }
        List<Key> dk = differingKeys();
        b.append(String.format(Locale.ROOT, "  per key: %,d of %,d keys differ%n", dk.size(), keys.size()));
        for (Key k : dk.subList(0, Math.min(top, dk.size()))) {
            b.append(String.format(Locale.ROOT, "    %-24s %,d requests, predicted %,d rejected, observed %,d"
                    + " (%+d)%n", k.key(), k.requests(), k.predicted(), k.observed(), k.difference()));
        }
        b.append("  first differing requests:\n");
        for (Difference d : firstDifferences) {
            b.append(String.format(Locale.ROOT, "    line %d at %s UTC, key %s: predicted %s, observed %s%n",
                    d.line(), MILLIS.format(Instant.ofEpochSecond(0, d.epochNanos())), d.key(),
                    d.predictedRejected() ? "rejected" : "admitted", d.observedRejected() ? "rejected" : "admitted"));
        }
    }

    /** {@link #text(int)} with ten rows per list. */
    public String text() {
        return text(10);
    }
}
