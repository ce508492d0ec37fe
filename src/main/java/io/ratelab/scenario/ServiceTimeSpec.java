package io.ratelab.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How long the upstream takes to serve one request, e.g. {@code {distribution: lognormal, median: 20ms, p99: 200ms}}.
 * <ul>
 *   <li>{@code constant}: always {@code median};</li>
 *   <li>{@code exponential}: memoryless with the given {@code median} (mean = median / ln 2);</li>
 *   <li>{@code lognormal}: {@code median} and {@code p99} ({@code p99 > median}) fix μ = ln(median) and
 *       σ = ln(p99/median) / z₀.₉₉ ({@link ServiceTimeSampler#Z99});</li>
 *   <li>{@code uniform}: between {@code min} and {@code max}.</li>
 * </ul>
 */
public record ServiceTimeSpec(Distribution distribution, Duration median, Duration p99, Duration min, Duration max) {

    /** The service-time distributions by file name, with the keys each takes. */
    public enum Distribution {
        CONSTANT("constant", Set.of("median")),
        EXPONENTIAL("exponential", Set.of("median")),
        LOGNORMAL("lognormal", Set.of("median", "p99")),
        UNIFORM("uniform", Set.of("min", "max"));

        private final String id;
        private final Set<String> keys;

        Distribution(String id, Set<String> keys) {
            this.id = id;
            this.keys = keys;
        }

        @JsonValue
        public String id() {
            return id;
        }

        @JsonCreator
        public static Distribution byId(String id) {
            for (Distribution d : values()) {
                if (d.id.equals(id)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("unknown distribution '" + id + "'; one of: "
                    + Arrays.stream(values()).map(Distribution::id).collect(Collectors.joining(", ")));
        }
    }

    public ServiceTimeSpec {
        if (distribution == null) {
            throw new IllegalArgumentException("distribution: is required; one of: constant, exponential, lognormal,"
                    + " uniform");
        }
        Object[] values = {median, p99, min, max};
        String[] keys = {"median", "p99", "min", "max"};
        for (int i = 0; i < keys.length; i++) {
            boolean needed = distribution.keys.contains(keys[i]);
            if (needed && values[i] == null) {
                throw new IllegalArgumentException(keys[i] + ": is required for distribution " + distribution.id
                        + " (it takes " + String.join(", ", distribution.keys.stream().sorted().toList()) + ")");
            }
            if (!needed && values[i] != null) {
                throw new IllegalArgumentException(keys[i] + ": does not apply to distribution " + distribution.id
                        + "; it takes " + String.join(", ", distribution.keys.stream().sorted().toList()));
            }
        }
        if (median != null && median.isNegative()) {
            throw new IllegalArgumentException("median: must be 0 or more, got " + median);
        }
        if (distribution != Distribution.CONSTANT && median != null && median.isZero()) {
            throw new IllegalArgumentException("median: must be positive for distribution " + distribution.id);
        }
        if (p99 != null && p99.compareTo(median) <= 0) {
            throw new IllegalArgumentException("p99: must be greater than the median for a lognormal");
        }
        if (min != null && (min.isNegative() || max.compareTo(min) < 0)) {
            throw new IllegalArgumentException("max: must be at least min, and min 0 or more");
        }
    }

    /** A constant service time. */
    public static ServiceTimeSpec constant(Duration value) {
        return new ServiceTimeSpec(Distribution.CONSTANT, value, null, null, null);
    }
}
