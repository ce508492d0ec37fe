package io.ratelab.ui.traffic;

import java.util.List;
import java.util.Map;

/**
 * Defaults and hints for the keys of arrival processes and retry policies, in the order the panel lists them. The
 * keys each process or policy takes come from the scenario model ({@code ArrivalSpec.Process}, {@code RetrySpec}).
 */
final class TrafficFields {

    /** Display order of arrival keys. */
    static final List<String> ARRIVAL_ORDER = List.of("rate", "from", "base", "amplitude", "over", "on", "off", "at",
            "length", "period", "file", "spacing");
    /** Display order of retry keys. */
    static final List<String> RETRY_ORDER = List.of("maxAttempts", "delay", "base", "max", "jitter", "fallback");

    private static final Map<String, String[]> ARRIVAL = Map.ofEntries(
            Map.entry("rate", new String[]{"5/s", "per client: N/s, N/m"}),
            Map.entry("from", new String[]{"1/s", "starting rate per client"}),
            Map.entry("base", new String[]{"1/s", "rate outside bursts/spikes"}),
            Map.entry("amplitude", new String[]{"2/s", "± around the rate"}),
            Map.entry("over", new String[]{"30s", "ramp length"}),
            Map.entry("on", new String[]{"5s", "burst length"}),
            Map.entry("off", new String[]{"10s", "pause length"}),
            Map.entry("at", new String[]{"20s", "when, since start"}),
            Map.entry("length", new String[]{"5s", "spike length"}),
            Map.entry("period", new String[]{"60s", "one full wave"}),
            Map.entry("file", new String[]{"schedule.csv", "seconds,rate CSV, relative to the scenario"}),
            Map.entry("spacing", new String[]{"poisson", "poisson or even"}));

    private static final Map<String, String[]> RETRY = Map.of(
            "maxAttempts", new String[]{"3", "sends per request, first included"},
            "delay", new String[]{"0ms", "wait before resending"},
            "base", new String[]{"100ms", "first backoff"},
            "max", new String[]{"10s", "longest backoff"},
            "jitter", new String[]{"full", "full, equal or none"},
            "fallback", new String[]{"1s", "when no Retry-After"});

    private TrafficFields() {
    }

    static FieldViewModel arrival(String key, boolean required, String value) {
        String[] d = ARRIVAL.getOrDefault(key, new String[]{"", ""});
        return new FieldViewModel(key, required, value != null ? value : d[0], d[1]);
    }

    static FieldViewModel retry(String key, String value) {
        String[] d = RETRY.getOrDefault(key, new String[]{"", ""});
        return new FieldViewModel(key, false, value != null ? value : d[0], d[1]);
    }
}
