package io.ratelab.report;

import io.ratelab.metrics.IntervalStats;
import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.metrics.Outcome;

/**
 * How every table, chart and report groups the generator's outcomes, in the vocabulary of
 * {@link io.ratelab.metrics.Vocabulary}: admitted ({@link #ACCEPTED}: 2xx), rejected (429, the limiter said no),
 * errors (5xx, other 4xx, other statuses and connection errors), offered (first attempts: sent less retries), sent
 * (first attempts and retries) and retries. Counts only; stateless.
 */
public enum Verdict {
    ACCEPTED(Outcome.STATUS_200, Outcome.STATUS_2XX),
    REJECTED(Outcome.STATUS_429),
    ERRORS(Outcome.STATUS_5XX, Outcome.STATUS_4XX, Outcome.STATUS_OTHER, Outcome.CONNECTION_ERROR),
    OFFERED(new Outcome[]{Outcome.SENT}, new Outcome[]{Outcome.RETRY}),
    SENT(Outcome.SENT),
    RETRIES(Outcome.RETRY);

    private final Outcome[] outcomes;
    private final Outcome[] less;

    Verdict(Outcome... outcomes) {
        this(outcomes, new Outcome[0]);
    }

    Verdict(Outcome[] outcomes, Outcome[] less) {
        this.outcomes = outcomes;
        this.less = less;
    }

    /** Count in one interval, for one group or all ({@code group < 0}). */
    public long count(IntervalStats s, int group) {
        long n = 0;
        for (Outcome o : outcomes) {
            n += group < 0 ? s.count(o) : s.count(group, o);
        }
        for (Outcome o : less) {
            n -= group < 0 ? s.count(o) : s.count(group, o);
        }
        return n;
    }

    /** Cumulative count of a run, for one group or all ({@code group < 0}). */
    public long total(MetricsSnapshot s, int group) {
        long n = 0;
        for (Outcome o : outcomes) {
            n += group < 0 ? s.total(o) : s.total(group, o);
        }
        for (Outcome o : less) {
            n -= group < 0 ? s.total(o) : s.total(group, o);
        }
        return n;
    }
}
