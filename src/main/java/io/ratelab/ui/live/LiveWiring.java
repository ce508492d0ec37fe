package io.ratelab.ui.live;

import io.ratelab.load.ClientKeys;
import io.ratelab.proxy.LatencyDistribution;
import io.ratelab.scenario.KeyRule;
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

    private LiveWiring() {
    }

    /** The same rule in the proxy's terms (both packages write rules the same way). */
    static io.ratelab.proxy.KeyRule proxyKey(KeyRule rule) {
        return io.ratelab.proxy.KeyRule.parse(rule.toString());
    }

    /**
     * How clients show themselves: their own loopback address for {@code ip}, their id in the header for
     * {@code header:NAME}; for {@code global} and {@code route} identities do not matter.
     */
    static ClientKeys clientKeys(KeyRule rule) {
        return switch (rule.kind()) {
            case IP -> ClientKeys.sourceAddress();
            case HEADER -> ClientKeys.header(rule.header());
            case GLOBAL, ROUTE -> ClientKeys.none();
        };
    }

    /**
     * The demo upstream's closest service time. Its shapes are parameterised by the mean (lognormal with σ = 1), so:
     * constant keeps the median; exponential has mean = median / ln 2; lognormal keeps the median (mean = median ·
     * e^0.5) but not the p99; uniform on [min, max] becomes uniform on [0, min + max] (same mean).
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
            case LOGNORMAL -> new LatencyDistribution(LatencyDistribution.Kind.LOGNORMAL,
                    nanos(s.median().toNanos() * Math.exp(0.5)));
            case UNIFORM -> new LatencyDistribution(LatencyDistribution.Kind.UNIFORM,
                    nanos((s.min().toNanos() + s.max().toNanos()) / 2.0));
        };
    }

    private static Duration nanos(double n) {
        return Duration.ofNanos(Math.round(n));
    }
}
