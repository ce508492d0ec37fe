package io.ratelab.tune;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Durations;
import io.ratelab.limit.LimiterSpec;

/**
 * A limiter in a few words, as the tuner's output names it: {@code nginx rate=12r/s burst=31 nodelay},
 * {@code sliding-log 120 per 10s}.
 */
public final class Describe {

    private Describe() {
    }

    public static String limiter(LimiterSpec spec) {
        Algorithm a = spec.algorithm();
        if (a == Algorithm.HAPROXY_REQ_RATE) {
            return "haproxy http_req_rate(" + Durations.format(spec.period()) + ") gt "
                    + spec.rate().countOver(spec.period());
        }
        if (a == Algorithm.NGINX_LIMIT_REQ) {
            boolean perMinute = spec.rate().period().toSeconds() == 60;
            return "nginx rate=" + spec.rate().count() + (perMinute ? "r/m" : "r/s") + " burst=" + spec.burstOr(0)
                    + (Boolean.TRUE.equals(spec.nodelay()) ? " nodelay" : spec.delay() != null ? " delay="
                    + spec.delay() : "");
        }
        if (a == Algorithm.ENVOY_LOCAL) {
            return "envoy max_tokens=" + spec.burstOr(0) + " tokens_per_fill=" + spec.rate().count()
                    + " fill_interval=" + Durations.format(spec.rate().period());
        }
        if (Family.isWindow(a)) {
            return a.id() + " " + Family.burst(spec) + " per " + Durations.format(spec.windowOrRatePeriod());
        }
        return a.id() + " rate " + Family.format(spec.rate().perSecondDouble()) + " burst " + spec.burstOr(0);
    }
}
