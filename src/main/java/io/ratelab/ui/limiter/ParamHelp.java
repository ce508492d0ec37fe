package io.ratelab.ui.limiter;

import io.ratelab.limit.Algorithm;

/** The tooltip text of each limiter parameter: what it means and how the engines call it. */
final class ParamHelp {

    private ParamHelp() {
    }

    static String of(Algorithm.Param p) {
        return switch (p) {
            case RATE -> "Sustained rate, e.g. 100/s or 6000/m. For window algorithms: the limit per window.";
            case BURST -> "Bucket capacity (token bucket, leaky meter, Envoy max_tokens), queue length (leaky queue),"
                    + " or extra requests allowed above the rate (nginx burst, GCRA).";
            case WINDOW -> "Window length for fixed, sliding-log and sliding-window counters; default: the rate's"
                    + " period.";
            case PERIOD -> "HAProxy http_req_rate(period); requests are denied above rate x period within it.";
            case NODELAY -> "nginx nodelay: admit the burst at once instead of spacing it out at the rate.";
            case DELAY -> "nginx delay=N: the first N excess requests pass at once, the rest of the burst is delayed.";
            case FILL_INTERVAL -> "Envoy fill_interval: tokens_per_fill = rate x fill interval.";
            case LEGACY_TIMER -> "Envoy before 1.31: refill whole tokens on a timer instead of continuously.";
            case CONCURRENCY -> "How many requests may be in flight at once; a permit returns when the response ends.";
        };
    }
}
