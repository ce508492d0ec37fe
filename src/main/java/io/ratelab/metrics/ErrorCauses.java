package io.ratelab.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The errors of a live run counted by cause ({@code connection refused}, {@code timeout}, {@code connection reset},
 * {@code HTTP 400}, ...), so a user sees why requests failed, not only how many. Writers never block (one
 * {@link LongAdder} per cause; a run has a handful of causes); {@link #totals()} may be read from any thread.
 */
public final class ErrorCauses {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Counts one error of {@code cause}. Any thread. */
    public void count(String cause) {
        counts.computeIfAbsent(cause, c -> new LongAdder()).increment();
    }

    /** The counts so far, most frequent first (ties by name); empty when nothing failed. Any thread. */
    public Map<String, Long> totals() {
        if (counts.isEmpty()) {
            return Map.of();
        }
        List<Map.Entry<String, Long>> all = new ArrayList<>();
        counts.forEach((k, v) -> all.add(Map.entry(k, v.sum())));
        all.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Long> out = new LinkedHashMap<>();
        all.forEach(e -> out.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(out);
    }

    /** {@code HTTP 400: 5, connection refused: 1}, or an empty string. */
    public static String describe(Map<String, Long> totals) {
        StringBuilder b = new StringBuilder();
        totals.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(": ").append(v));
        return b.toString();
    }
}
