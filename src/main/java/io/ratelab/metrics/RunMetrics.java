package io.ratelab.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The metrics of one run: per-interval counters and latency recorders that many threads write and one reader
 * harvests into immutable {@link MetricsSnapshot}s.
 *
 * <p><b>Writers</b> ({@link #count}, {@link #recordLatency}) never block and never allocate: counters use
 * {@link IntervalCounters}, latencies go into HdrHistogram {@link Recorder}s (wait-free via a
 * {@code WriterReaderPhaser}). Any thread may write.
 *
 * <p><b>The reader</b> calls {@link #sample(long)} at the fine interval (100 ms in the live generator): it swaps the
 * counters and recorders, appends a fine {@link IntervalStats}, every {@code coarseEvery} samples closes a coarse
 * interval (1 s) whose percentiles come from the merged interval histograms (not averaged percentiles), tells the
 * {@link IntervalListener}s, and publishes a new snapshot. Only one thread may call {@link #sample}/{@link #finish}.
 * {@link #snapshot()} may be called from any thread (a UI frame takes the newest published one).
 *
 * <p><b>Per client</b> ({@link #countClientOffered}, {@link #countClientAnswer}): cumulative offered, admitted and
 * rejected counts for each client of the {@link ClientRoster}, wait-free as well. The reader ranks them and computes
 * fairness ({@link ClientStats}) when a coarse interval closes and at the end, not at every fine sample: that costs a
 * pass over all clients, and a table that re-sorts ten times a second cannot be read anyway.
 *
 * <p>Units: nanoseconds everywhere; latencies are tracked from 1 µs to 1 h with 3 significant digits. Times are
 * nanoseconds since {@code startNanos} on the caller's clock.
 *
 * <pre>{@code
 * RunMetrics m = new RunMetrics(List.of("default"), clock.nanoTime(), 10);
 * m.count(0, CountedColumn.SENT);                                   // any thread
 * m.recordLatency(0, end - intended, end - sent);             // any thread
 * m.sample(clock.nanoTime());                                 // reader, every 100 ms
 * MetricsSnapshot s = m.snapshot();                           // anyone
 * }</pre>
 */
public final class RunMetrics {

    /** Lowest latency distinguished: 1 µs. */
    public static final long LOWEST_NANOS = 1_000;
    /** Highest latency tracked: 1 hour; longer latencies are clamped to it. */
    public static final long HIGHEST_NANOS = 3_600_000_000_000L;
    /** Significant digits of every latency histogram. */
    public static final int DIGITS = 3;
    /** How many of the busiest clients a snapshot ranks. */
    public static final int TOP_CLIENTS = 100;

    private final List<String> groups;
    private final Map<String, Integer> groupIndex = new HashMap<>();
    private final long startNanos;
    private final IntervalCounters counters;
    private final ClientCounters clients;
    private ClientStats clientStats;
    private final Recorder[] corrected;
    private final Recorder[] raw;
    /**
     * Corrected latency by group and answer class ({@link LatencyByOutcome#classOf}), and their totals: harvested once
     * per coarse interval and at the end (as the per-client stats), which keeps the fine samples cheap.
     */
    private final Recorder[][] byOutcome;
    private final Histogram[][] byOutcomeTotal;
    private final Histogram[][] byOutcomeInterval;
    private LatencyByOutcome outcomeAll = LatencyByOutcome.EMPTY;
    /** The admitted latency of all groups as of the last harvest: a fresh copy each time, never changed after. */
    private Histogram admittedAll = new Histogram(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
    /** The admitted latency of all groups in the interval since the last harvest (reused). */
    private final Histogram admittedInterval = new Histogram(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
    private List<LatencyByOutcome> outcomeByGroup;
    private final SeriesAggregator aggregator;
    private final ErrorCauses errorCauses = new ErrorCauses();
    private final List<IntervalListener> listeners = new CopyOnWriteArrayList<>();
    private volatile MetricsSnapshot snapshot;

    /**
     * Metrics without per-client counts.
     *
     * @param groups      traffic group names (at least one, unique)
     * @param startNanos  the run's start on the caller's clock
     * @param coarseEvery how many fine samples make one coarse interval (10 for 100 ms / 1 s)
     */
    public RunMetrics(List<String> groups, long startNanos, int coarseEvery) {
        this(groups, groups == null ? null : ClientRoster.none(groups.size()), startNanos, coarseEvery);
    }

    /**
     * @param groups      traffic group names (at least one, unique)
     * @param roster      the clients of each group, counted one by one (one group each in {@code groups})
     * @param startNanos  the run's start on the caller's clock
     * @param coarseEvery how many fine samples make one coarse interval (10 for 100 ms / 1 s)
     */
    public RunMetrics(List<String> groups, ClientRoster roster, long startNanos, int coarseEvery) {
        if (groups == null || groups.isEmpty()) {
            throw new IllegalArgumentException("groups: at least one traffic group is required");
        }
        if (coarseEvery <= 0) {
            throw new IllegalArgumentException("coarseEvery must be positive, got " + coarseEvery);
        }
        this.groups = List.copyOf(groups);
        for (int i = 0; i < this.groups.size(); i++) {
            if (groupIndex.put(this.groups.get(i), i) != null) {
                throw new IllegalArgumentException("groups: '" + this.groups.get(i) + "' appears twice");
            }
        }
        if (roster == null || roster.groups() != this.groups.size()) {
            throw new IllegalArgumentException("roster: one entry per traffic group is required");
        }
        this.startNanos = startNanos;
        this.clients = new ClientCounters(roster);
        this.clientStats = ClientStats.empty(this.groups.size());
        this.counters = new IntervalCounters(this.groups.size() * CountedColumn.count());
        this.corrected = new Recorder[this.groups.size()];
        this.raw = new Recorder[this.groups.size()];
        for (int g = 0; g < corrected.length; g++) {
            corrected[g] = new Recorder(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
            raw[g] = new Recorder(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
        }
        this.byOutcome = new Recorder[this.groups.size()][3];
        this.byOutcomeTotal = new Histogram[this.groups.size()][3];
        this.byOutcomeInterval = new Histogram[this.groups.size()][3];
        for (int g = 0; g < byOutcome.length; g++) {
            for (int k = 0; k < 3; k++) {
                byOutcome[g][k] = new Recorder(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
                byOutcomeTotal[g][k] = new Histogram(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
            }
        }
        this.outcomeByGroup = java.util.Collections.nCopies(this.groups.size(), LatencyByOutcome.EMPTY);
        this.aggregator = new SeriesAggregator(this.groups, coarseEvery);
        this.snapshot = aggregator.publish(false, true, clientStats, outcomeAll, outcomeByGroup, admittedAll,
                java.util.Map.of());
    }

    /** One group named {@code default}, 100 ms fine and 1 s coarse intervals when sampled every 100 ms. */
    public static RunMetrics single(long startNanos) {
        return new RunMetrics(List.of("default"), startNanos, 10);
    }

    /** The group names, in index order. */
    public List<String> groups() {
        return groups;
    }

    /** The index of a group, for the writer methods. */
    public int groupIndex(String group) {
        Integer i = groupIndex.get(group);
        if (i == null) {
            throw new IllegalArgumentException("unknown traffic group '" + group + "'; known: " + groups);
        }
        return i;
    }

    /** The run's start on the caller's clock. */
    public long startNanos() {
        return startNanos;
    }

    /** Counts one {@code column} for {@code group}. Wait-free, any thread. */
    public void count(int group, CountedColumn column) {
        counters.add(group * CountedColumn.count() + column.ordinal(), 1);
    }

    /** Counts one error by its cause ({@code HTTP 400}, {@code connection refused}, ...). Any thread. */
    public void countError(String cause) {
        errorCauses.count(cause);
    }

    /** Counts a first attempt (not a retry) sent by client {@code client} of {@code group}. Wait-free, any thread. */
    public void countClientOffered(int group, int client) {
        clients.offered(group, client);
    }

    /**
     * Counts an answer to any attempt of client {@code client} of {@code group}: 2xx as admitted, 429 as rejected,
     * other outcomes not at all. Wait-free, any thread.
     */
    public void countClientAnswer(int group, int client, CountedColumn status) {
        clients.answered(group, client, status);
    }

    /**
     * Records one completed request's latency. Wait-free, any thread.
     *
     * @param correctedNanos from its intended send time to the end of the response
     * @param rawNanos       from its actual send to the end of the response
     */
    public void recordLatency(int group, long correctedNanos, long rawNanos) {
        corrected[group].recordValue(clamp(correctedNanos));
        raw[group].recordValue(clamp(rawNanos));
    }

    /**
     * Records one completed request's latency, and its corrected latency by answer ({@link LatencyByOutcome}).
     * Wait-free, any thread.
     *
     * @param answer how it was answered: a status column
     */
    public void recordLatency(int group, CountedColumn answer, long correctedNanos, long rawNanos) {
        recordLatency(group, correctedNanos, rawNanos);
        recordOutcomeLatency(group, answer, correctedNanos);
    }

    /**
     * Records a latency by answer only (a connection error: it counts in no all-answers histogram). Wait-free, any
     * thread; an outcome that is not an answer is ignored.
     */
    public void recordOutcomeLatency(int group, CountedColumn answer, long correctedNanos) {
        int k = LatencyByOutcome.classOf(answer);
        if (k >= 0) {
            byOutcome[group][k].recordValue(clamp(correctedNanos));
        }
    }

    /** Registers a listener for closed coarse intervals. Call before the run starts. */
    public void addIntervalListener(IntervalListener listener) {
        listeners.add(listener);
    }

    /** Ends the current fine interval at {@code nowNanos} and publishes a new snapshot. Reader thread only. */
    public MetricsSnapshot sample(long nowNanos) {
        return harvest(nowNanos, false);
    }

    /** Takes a last sample, closes a partial coarse interval, and publishes the final snapshot. Reader only. */
    public MetricsSnapshot finish(long nowNanos) {
        return harvest(nowNanos, true);
    }

    /** The newest published snapshot. Any thread. */
    public MetricsSnapshot snapshot() {
        return snapshot;
    }

    private MetricsSnapshot harvest(long nowNanos, boolean last) {
        long at = Math.max(0, nowNanos - startNanos);
        long[] counts = counters.harvest();
        Histogram[] c = new Histogram[groups.size()];
        Histogram[] r = new Histogram[groups.size()];
        for (int g = 0; g < c.length; g++) {
            c[g] = corrected[g].getIntervalHistogram(aggregator.recycledCorrected(g));
            r[g] = raw[g].getIntervalHistogram(aggregator.recycledRaw(g));
        }
        // the latencies by answer are harvested when a coarse interval closes: what they gathered since the last close
        // is that interval's, so its admitted latency goes into the closed interval
        LatencySummary admittedInInterval = aggregator.closesCoarse(last) ? harvestOutcomes() : LatencySummary.EMPTY;
        IntervalStats coarse = aggregator.addFine(at, counts, c, r, last, admittedInInterval);
        if (coarse != null) {
            for (IntervalListener l : listeners) {
                l.intervalClosed(coarse, aggregator.coarseCorrected(), aggregator.coarseRaw());
            }
        }
        if (coarse != null || last) {
            clientStats = clients.stats(groups, TOP_CLIENTS);
        }
        MetricsSnapshot s = aggregator.publish(last, coarse != null, clientStats, outcomeAll, outcomeByGroup,
                admittedAll, errorCauses.totals());
        snapshot = s;
        return s;
    }

    /**
     * Brings the latency-by-answer totals up to date, per group and all groups merged; returns the admitted latency of
     * what it harvested (the interval since the last harvest).
     */
    private LatencySummary harvestOutcomes() {
        admittedInterval.reset();
        List<LatencyByOutcome> perGroup = new java.util.ArrayList<>(groups.size());
        Histogram[] all = new Histogram[3];
        LatencySummary[] one = new LatencySummary[3];
        for (int g = 0; g < byOutcome.length; g++) {
            for (int k = 0; k < 3; k++) {
                byOutcomeInterval[g][k] = byOutcome[g][k].getIntervalHistogram(byOutcomeInterval[g][k]);
                byOutcomeTotal[g][k].add(byOutcomeInterval[g][k]);
                if (k == 0) {
                    admittedInterval.add(byOutcomeInterval[g][k]);
                }
                one[k] = LatencySummary.of(byOutcomeTotal[g][k]);
                if (byOutcome.length > 1) {
                    if (all[k] == null) {
                        all[k] = new Histogram(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
                    }
                    all[k].add(byOutcomeTotal[g][k]);
                }
            }
            perGroup.add(new LatencyByOutcome(one[0], one[1], one[2]));
        }
        outcomeByGroup = List.copyOf(perGroup);
        Histogram admitted = new Histogram(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
        for (Histogram[] group : byOutcomeTotal) {
            admitted.add(group[0]);
        }
        admittedAll = admitted;
        outcomeAll = byOutcome.length == 1 ? perGroup.get(0) : new LatencyByOutcome(LatencySummary.of(all[0]),
                LatencySummary.of(all[1]), LatencySummary.of(all[2]));
        return LatencySummary.of(admittedInterval);
    }

    private static long clamp(long nanos) {
        return Math.min(Math.max(nanos, 0), HIGHEST_NANOS);
    }
}
