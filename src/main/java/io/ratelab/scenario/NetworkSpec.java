package io.ratelab.scenario;

import io.ratelab.limit.Durations;

import java.time.Duration;

/**
 * The network between the clients and the limiting proxy, as the simulator models it: {@code rtt} is the round trip
 * of a request the proxy answers itself (a 429), from its send to the client holding the answer.
 * <pre>
 * network: { rtt: 200us }      # optional; absent = {@link #DEFAULT_RTT}
 * </pre>
 * A live client learns of a 429 only when the answer has come back, and its retry policy counts from then (an
 * immediate retry leaves at that moment, a backoff or {@code Retry-After} wait starts then): the simulator does the
 * same, so a retry reaches the limiter {@code rtt} (plus the policy's wait) after the rejection, not at the same
 * instant. For the same reason a rejected answer's latency is {@code rtt}, and an admitted one's is {@code rtt} plus
 * the upstream's queue wait and service time. {@code rtt: 0ms} gives the instant model (no network).
 *
 * <p>The default is what a rejection's round trip measures on loopback ({@code ratelab run}'s "rej p50", the
 * generator, proxy and upstream in one process): 0.16-0.18 ms on a quiet 2-core machine at 700 requests a second.
 *
 * @param rtt the round trip, 0 to {@link #MAX_RTT}; null means {@link #DEFAULT_RTT}
 */
public record NetworkSpec(Duration rtt) {

    /** A rejection's round trip on loopback, measured (see the class comment). */
    public static final Duration DEFAULT_RTT = Duration.ofNanos(200_000);
    /** The longest round trip accepted. */
    public static final Duration MAX_RTT = Duration.ofSeconds(10);
    /** The network of a scenario that gives none. */
    public static final NetworkSpec DEFAULT = new NetworkSpec(null);

    public NetworkSpec {
        if (rtt != null && (rtt.isNegative() || rtt.compareTo(MAX_RTT) > 0)) {
            throw new IllegalArgumentException("rtt: must be 0ms to 10s (the round trip between the clients and the"
                    + " proxy), got " + Durations.format(rtt));
        }
    }

    /** The round trip in nanoseconds, the default when absent. */
    public long rttNanos() {
        return (rtt == null ? DEFAULT_RTT : rtt).toNanos();
    }
}
