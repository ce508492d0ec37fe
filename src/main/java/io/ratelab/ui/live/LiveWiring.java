package io.ratelab.ui.live;

import io.ratelab.proxy.LatencyDistribution;
import io.ratelab.scenario.ServiceTimeSpec;
import io.ratelab.scenario.UpstreamSpec;

import java.time.Duration;

/**
 * Translations from a scenario to the live pieces: the proxy's key rule, how the generator's clients identify
 * themselves so that key means something, and the demo upstream's service time. Stateless.
 */
final class LiveWiring {

    /** The demo upstream's service time when the scenario has no upstream model. */
    static final LatencyDistribution INSTANT = new LatencyDistribution(LatencyDistribution.Kind.CONSTANT,
            Duration.ZERO);

    private static final double Z99 = 2.3263;

    private LiveWiring() {
    }

    /**
     * The demo upstream's closest service time, the same family with the same mean (as {@code ratelab run} does, so
     * the workbench and the command line agree): constant keeps the median; exponential has mean = median / ln 2;
     * lognormal has mean = median · e^(σ²/2) with σ = ln(p99 / median) / 2.3263; uniform has the midpoint.
     * The demo upstream's lognormal has a fixed σ = 1, so its median and p99 differ from the scenario's.
     */
    static LatencyDistribution latency(UpstreamSpec upstream) {
        if (upstream == null) {
            return INSTANT;
        }
        ServiceTimeSpec s = upstream.serviceTime();
        return switch (s.distribution()) {
            case CONSTANT -> new LatencyDistribution(LatencyDistribution.Kind.CONSTANT, s.median());
            case EXPONENTIAL -> new LatencyDistribution(LatencyDistribution.Kind.EXPONENTIAL,
                    nanos(s.median().toNanos() / Math.log(2)));
            case LOGNORMAL -> {
                double sigma = Math.log((double) s.p99().toNanos() / s.median().toNanos()) / Z99;
                yield new LatencyDistribution(LatencyDistribution.Kind.LOGNORMAL,
                        nanos(s.median().toNanos() * Math.exp(sigma * sigma / 2)));
            }
            case UNIFORM -> new LatencyDistribution(LatencyDistribution.Kind.UNIFORM,
                    nanos((s.min().toNanos() + s.max().toNanos()) / 2.0));
        };
    }

    private static Duration nanos(double n) {
        return Duration.ofNanos(Math.round(n));
    }
}
