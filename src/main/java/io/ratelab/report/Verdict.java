package io.ratelab.report;

import io.ratelab.metrics.IntervalStats;
import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.metrics.CountedColumn;

/**
 * How every table, chart and report groups the generator's outcomes, in the vocabulary of
 * {@link io.ratelab.metrics.Vocabulary}: admitted ({@link #ACCEPTED}: 2xx), rejected (429, the limiter said no),
 * errors (5xx, other 4xx, other statuses and connection errors), offered (first attempts: sent less retries), sent
 * (first attempts and retries) and retries. Counts only; stateless.
 */
public enum Verdict {
    ACCEPTED(CountedColumn.STATUS_200, CountedColumn.STATUS_2XX),
    REJECTED(CountedColumn.STATUS_429),
    ERRORS(CountedColumn.STATUS_5XX, CountedColumn.STATUS_4XX, CountedColumn.STATUS_OTHER,
            CountedColumn.CONNECTION_ERROR),
    OFFERED(new CountedColumn[]{CountedColumn.SENT}, new CountedColumn[]{CountedColumn.RETRY}),
    SENT(CountedColumn.SENT),
    RETRIES(CountedColumn.RETRY);

    private final CountedColumn[] outcomes;
    private final CountedColumn[] less;

    Verdict(CountedColumn... outcomes) {
        this(outcomes, new CountedColumn[0]);
    }

    Verdict(CountedColumn[] outcomes, CountedColumn[] less) {
        this.outcomes = outcomes;
        this.less = less;
    }

    /** Count in one interval, for one group or all ({@code group < 0}). */
    public long count(IntervalStats s, int group) {
        long n = 0;
        for (CountedColumn o : outcomes) {
            n += group < 0 ? s.count(o) : s.count(group, o);
        }
        for (CountedColumn o : less) {
            n -= group < 0 ? s.count(o) : s.count(group, o);
        }
        return n;
    }

    /** Cumulative count of a run, for one group or all ({@code group < 0}). */
    public long total(MetricsSnapshot s, int group) {
        long n = 0;
        for (CountedColumn o : outcomes) {
            n += group < 0 ? s.total(o) : s.total(group, o);
        }
        for (CountedColumn o : less) {
            n -= group < 0 ? s.total(o) : s.total(group, o);
        }
        return n;
    }
}
