package io.ratelab.sim;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Decision;
import io.ratelab.limit.LimitAlgorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.SingleKeyLimiter;
import io.ratelab.limit.store.KeyedLimiter;
import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.UpstreamSpec;
import io.ratelab.traffic.ArrivalStream;
import io.ratelab.traffic.TrafficPlan;
import org.HdrHistogram.Histogram;

/**
 * One limiter through one replay of the plan, in virtual time. Three kinds of event, in time order (ties: pending
 * events before the arrival at the same instant):
 * <ol>
 *   <li>a send from the {@link ArrivalStream} (first attempt or retry): the limiter decides at its intended time;
 *       rejected, the 429 reaches the client {@code rtt} later ({@link io.ratelab.scenario.NetworkSpec}), its latency
 *       is {@code rtt}, and the group's retry policy, asked at that moment, may schedule a resend; admitted without
 *       delay, it reaches the upstream at once; delayed, a forward event is scheduled {@code delayNanos} later;</li>
 *   <li>a forward: the request reaches the {@link Upstream}, which fixes its completion and answer; its latency
 *       (completion + {@code rtt} − intended send) is recorded by answer: 2xx as admitted, a 500 or 503 as an error
 *       (and the send moves from admitted to errors);</li>
 *   <li>a completion, only for limiters that hold a permit per request (the concurrency limit): the permit is
 *       {@linkplain io.ratelab.limit.RateLimiter#release released} at the completion time.</li>
 * </ol>
 * The limiter is the object the proxy uses: a {@link SingleKeyLimiter} for the global key, else a
 * {@link KeyedLimiter} holding every key of the run. With {@code replicas} N > 1 there are N independent copies (N
 * proxies each with its own local limit) and every send — first attempt or retry — goes to the next one in turn, as
 * a round-robin load balancer spreads them; a permit is released on the copy that took it. Single-threaded and
 * deterministic.
 */
final class LimiterRun {

    private static final long SECOND = 1_000_000_000L;
    private static final long FORWARD = 0;
    private static final long COMPLETE = 1;
    private static final int PROGRESS_EVERY = 1 << 20;
    private static final int MAX_REPLICAS = (1 << 15) - 1;

    private final TrafficPlan plan;
    private final LimiterSpec spec;
    private final KeyRule rule;
    private final KeyTable keys;
    private final String label;
    private final int replicas;
    private final SingleKeyLimiter[] singles;
    private final KeyedLimiter[] keyeds;
    private int nextReplica;
    private final boolean releases;
    private final Upstream upstream;
    /** The clients' round trip to the limiter: a 429 reaches the client this long after the decision. */
    private final long rttNanos;
    private final EventHeap events = new EventHeap();
    private final Series series;
    private final ClientTally clients;
    private final Histogram latency = new Histogram(3);
    private final Histogram rejectedLatency = new Histogram(3);
    private final Histogram errorLatency = new Histogram(3);
    private final Simulator.Progress progress;
    private final int limiterIndex;
    private long retriesAdmitted;
    private int second;
    /** The series' step (one second unless the run is longer than a day) and the end of the current one. */
    private final long stepNanos;
    private long nextSecondNanos;

    /**
     * @param label    the result's name
     * @param replicas independent copies of the limiter the sends are spread over, 1 to 2^15 - 1
     * @param rttNanos the clients' round trip to the limiter ({@link io.ratelab.scenario.NetworkSpec}), 0 or more
     */
    LimiterRun(TrafficPlan plan, LimiterSpec spec, KeyRule rule, UpstreamSpec upstreamSpec, Simulator.Progress progress,
               int limiterIndex, String label, int replicas, long rttNanos) {
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("replicas: must be 1 to " + MAX_REPLICAS + ", got " + replicas);
        }
        if (rttNanos < 0) {
            throw new IllegalArgumentException("rtt: must be 0 or more, got " + rttNanos + "ns");
        }
        this.rttNanos = rttNanos;
        this.plan = plan;
        this.spec = spec;
        this.rule = rule;
        this.label = label;
        this.replicas = replicas;
        this.keys = new KeyTable(rule, plan);
        LimitAlgorithm algorithm = spec.build();
        singles = new SingleKeyLimiter[replicas];
        keyeds = new KeyedLimiter[replicas];
        for (int r = 0; r < replicas; r++) {
            if (keys.isGlobal()) {
                singles[r] = new SingleKeyLimiter(algorithm);
            } else {
                // room for twice the run's keys: the table's segments fill unevenly, and no key may be evicted (an
                // evicted key restarts with a fresh quota, which would change decisions)
                keyeds[r] = KeyedLimiter.builder(algorithm).maxKeys(Math.max(1024, 2 * keys.distinctKeys()))
                        .idleExpiryNanos(plan.durationNanos()).build();
            }
        }
        this.releases = algorithm.type() == Algorithm.CONCURRENCY;
        this.upstream = new Upstream(upstreamSpec, plan.seed(), plan.durationNanos());
        long step = Series.stepSeconds(plan.durationNanos());
        this.stepNanos = step * SECOND;
        this.nextSecondNanos = stepNanos;
        this.series = new Series(plan.groups().size(), Series.steps(plan.durationNanos(), step), step,
                plan.durationNanos());
        this.clients = new ClientTally(plan);
        this.progress = progress;
        this.limiterIndex = limiterIndex;
    }

    LimiterResult run() {
        ArrivalStream stream = plan.stream();
        long count = 0;
        while (stream.advance()) {
            long t = stream.timeNanos();
            while (events.peekTime() <= t) {
                handleEvent();
            }
            arrive(stream, t);
            if (++count % PROGRESS_EVERY == 0 && progress != null) {
                progress.update(limiterIndex, (double) t / plan.durationNanos());
            }
        }
        while (!events.isEmpty()) {
            handleEvent();
        }
        if (progress != null) {
            progress.update(limiterIndex, 1.0);
        }
        return ResultBuilder.build(label, replicas, spec, rule, plan, series, clients, keys,
                new Histogram[]{latency, rejectedLatency, errorLatency}, upstream, retriesAdmitted);
    }

    /** Per-client counts of the run, complete once {@link #run()} returned. */
    ClientTally clients() {
        return clients;
    }

    private void arrive(ArrivalStream stream, long t) {
        int g = stream.group();
        int c = stream.client();
        if (t >= nextSecondNanos) {
            second = (int) (t / stepNanos);
            nextSecondNanos = (second + 1L) * stepNanos;
        }
        boolean retry = stream.isRetry();
        if (retry) {
            series.retries[g][second]++;
        } else {
            series.offered[g][second]++;
            series.plot(Series.PLOT_OFFERED, t, 1);
            clients.first(g, c);
        }
        int r = nextReplica;
        nextReplica = r + 1 == replicas ? 0 : r + 1;
        Decision d = keys.isGlobal() ? singles[r].acquire(t, 1) : keyeds[r].acquireHashed(keys.hash(g, c), t, 1);
        if (!d.allowed()) {
            series.rejected[g][second]++;
            series.plot(Series.PLOT_REJECTED, t, 1);
            rejectedLatency.recordValue(rttNanos);
            clients.rejected(g, c);
            stream.retryCurrent(d, t + rttNanos);
            return;
        }
        series.admitted[g][second]++;
        series.plot(Series.PLOT_ADMITTED, t, 1);
        clients.admitted(g, c);
        if (retry) {
            retriesAdmitted++;
        }
        long delay = d.delayNanos();
        if (delay > 0) {
            series.delayed[g][second]++;
            events.add(t + delay, pack(FORWARD, r, g, c), t);
        } else {
            forward(t, t, r, g, c);
        }
    }

    private void handleEvent() {
        long time = events.peekTime();
        long payload = events.peekPayload();
        long intended = events.peekAux();
        events.removeFirst();
        int r = (int) (payload >>> 48 & 0x7FFF);
        int g = (int) (payload >>> 32 & 0xFFFF);
        int c = (int) payload;
        if (payload >>> 63 == FORWARD) {
            forward(time, intended, r, g, c);
        } else if (keys.isGlobal()) {
            singles[r].release("", time);
        } else {
            keyeds[r].releaseHashed(keys.hash(g, c), time);
        }
    }

    private void forward(long atNanos, long intendedNanos, int r, int g, int c) {
        long done = upstream.serve(atNanos);
        if (upstream.lastAnswer() == Upstream.Answer.OK) {
            latency.recordValue(done + rttNanos - intendedNanos);
        } else {
            // answered 500 (error rate) or 503 (queue full): an error, not an admitted answer, in the send's second
            int s = (int) Math.min(intendedNanos / stepNanos, series.admitted[g].length - 1);
            series.admitted[g][s]--;
            series.errors[g][s]++;
            series.plot(Series.PLOT_ADMITTED, intendedNanos, -1);
            series.plot(Series.PLOT_ERRORS, intendedNanos, 1);
            errorLatency.recordValue(done + rttNanos - intendedNanos);
        }
        if (releases) {
            events.add(done, pack(COMPLETE, r, g, c), intendedNanos);
        }
    }

    /** Kind in bit 63, replica in bits 48-62, group in bits 32-47, client in bits 0-31. */
    private static long pack(long kind, int r, int g, int c) {
        return kind << 63 | (long) r << 48 | (long) g << 32 | (c & 0xFFFF_FFFFL);
    }
}
