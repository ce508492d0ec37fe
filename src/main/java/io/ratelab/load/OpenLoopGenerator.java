package io.ratelab.load;

import io.ratelab.metrics.IntervalListener;
import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.metrics.RunMetrics;
import io.ratelab.traffic.ArrivalStream;
import io.ratelab.traffic.TrafficGroup;
import io.ratelab.traffic.TrafficPlan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Open-loop load, the way wrk2 and Hyperfoil do it: every request is scheduled at the intended time given by a
 * {@link TrafficPlan} — the very objects the simulator replays (arrival processes, client populations, retry
 * policies) — whether or not earlier requests have been answered. Latency is recorded from the intended time
 * (corrected, free of coordinated omission) and from the actual send (raw); sends more than the late threshold behind
 * schedule are counted; an achieved rate below {@code shortfallRatio} of the target produces a loud warning.
 *
 * <p>The scheduler thread ({@link OpenLoopScheduler}) only waits (parks, never spins) for the next intended time and
 * hands the request to an IO thread through a lock-free queue; it never touches the network. After a 429 the group's
 * retry policy decides when the request is sent again.
 *
 * <p>Before the clock starts, the engine opens about as many connections as the first
 * {@value #PRECONNECT_HORIZON_MILLIS} ms of the schedule will need (TCP only; no request is sent). An optional
 * {@linkplain #warmUp warm-up} sends the plan's first stretch of traffic, uncounted, and runs straight into the
 * measured window on the same connections.
 *
 * <p>Not reusable: {@link #run} once. {@link #metrics()} may be polled from any thread (the UI) while it runs.
 */
public final class OpenLoopGenerator {

    private final HttpTarget target;
    private final List<HttpTarget> targets;
    private final TrafficPlan plan;
    private final ClientKeys keys;
    private final LoadOptions options;
    private final List<IntervalListener> listeners = new CopyOnWriteArrayList<>();
    private volatile RunMetrics metrics;
    private long warmupNanos;

    /** Connections opened ahead of the run: enough for the arrivals of the schedule's first this many ms. */
    static final long PRECONNECT_HORIZON_MILLIS = 5;

    /**
     * @param plan the traffic: groups, duration (the run window) and seed
     * @param keys how the plan's clients identify themselves
     */
    public OpenLoopGenerator(HttpTarget target, TrafficPlan plan, ClientKeys keys, LoadOptions options) {
        this(target == null ? null : List.of(target), plan, keys, options);
    }

    /**
     * A generator that spreads the requests round-robin over {@code targets} (replicas behind a round-robin
     * balancer; each send, first attempt or retry, goes to the next one). The first target's path is the default
     * route's path.
     */
    public OpenLoopGenerator(List<HttpTarget> targets, TrafficPlan plan, ClientKeys keys, LoadOptions options) {
        if (targets == null || targets.isEmpty() || plan == null || keys == null || options == null) {
            throw new IllegalArgumentException("target, plan, keys and options are required");
        }
        this.targets = List.copyOf(targets);
        this.target = targets.get(0);
        this.plan = plan;
        this.keys = keys;
        this.options = options;
    }

    /** Adds a listener for each closed 1 s interval (progress lines, hlog). Call before {@link #run}. */
    public OpenLoopGenerator addIntervalListener(IntervalListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Sends the first {@code nanos} of the plan's traffic (at its rates, same seed) before the measured window,
     * counted nowhere, then continues seamlessly into the window: one engine, one set of connections, one clock.
     * Warms the JVM's request path, the connections and the target (and takes a limiter's tokens, as the clients
     * would have). 0 (the default) for none. Call before {@link #run}.
     */
    public OpenLoopGenerator warmUp(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("warm-up must not be negative, got " + nanos + " ns");
        }
        this.warmupNanos = nanos;
        return this;
    }

    /** The live metrics once {@link #run} has started, else null. */
    public RunMetrics metrics() {
        return metrics;
    }

    /** Runs the schedule to the end of the window, waits for the last answers, and reports. */
    public LoadResult run() throws IOException, InterruptedException {
        ClientKeys.Table identities = keys.table(plan);
        List<String> groups = plan.groups().stream().map(g -> g.name()).toList();
        TrafficPlan warmupPlan = warmupNanos > 0 ? new TrafficPlan(plan.groups(), warmupNanos, plan.seed()) : null;
        List<Attempt> first = firstAttempts(warmupPlan != null ? warmupPlan : plan, identities);
        try (RunHarness h = new RunHarness(targets, groups, keys.roster(plan), routes(), identities.distinctSources(),
                options.connections(), first, warmupNanos, plan.durationNanos(), options.lateThresholdNanos(), options,
                new ArrayList<>(listeners))) {
            metrics = h.metrics;
            OpenLoopScheduler scheduler = new OpenLoopScheduler(plan, warmupPlan, identities, h);
            h.recorder.setFollowUp(scheduler);
            long scheduled = scheduler.run();
            long unfinished = h.drain();
            MetricsSnapshot snapshot = h.finish();
            return result(h, scheduled, unfinished, snapshot);
        }
    }

    /**
     * The attempts of the schedule's first {@link #PRECONNECT_HORIZON_MILLIS} ms (at least one, at most the
     * connection budget): the expected concurrency of a fast target, with the pools (IO thread, source address) they
     * will use.
     */
    private List<Attempt> firstAttempts(TrafficPlan p, ClientKeys.Table identities) {
        List<Attempt> first = new ArrayList<>();
        ArrivalStream s = p.stream();
        long horizon = -1;
        while (first.size() < options.connections() && s.advance()) {
            if (horizon < 0) {
                horizon = s.timeNanos() + PRECONNECT_HORIZON_MILLIS * 1_000_000;
            } else if (s.timeNanos() >= horizon) {
                break;
            }
            first.add(new Attempt(s.client(), identities.of(s.group(), s.client()), s.group(), 0, 0, 0));
        }
        return first;
    }

    /** Each group's route; a group with the default route ({@code GET /}) sends to the target URL's path. */
    private List<Route> routes() {
        return plan.groups().stream().map(g -> TrafficGroup.DEFAULT_ROUTE.equals(g.route())
                ? new Route("GET", target.pathAndQuery()) : Route.parse(g.route())).toList();
    }

    private LoadResult result(RunHarness h, long scheduled, long unfinished, MetricsSnapshot m) {
        long durationNanos = plan.durationNanos();
        double seconds = durationNanos / 1e9;
        double targetRate = scheduled / seconds;
        double achieved = h.recorder.sentInWindow() / seconds;
        List<String> warnings = new ArrayList<>();
        Shortfall.check(targetRate, achieved, options.shortfallRatio(), m, h.recorder.maxLagNanos(),
                options.connections(), h.engine.connectionStats(), options.lateThresholdNanos())
                .ifPresent(warnings::add);
        if (unfinished > 0) {
            warnings.add("WARNING: " + unfinished + " requests were still unanswered (in flight or waiting for a connection) "
                    + options.drainTimeoutNanos() / 1_000_000 + " ms after the run ended");
        }
        String where = targets.size() == 1 ? target.toString()
                : targets.stream().map(HttpTarget::toString).collect(java.util.stream.Collectors.joining(" "));
        return new LoadResult("open", where, durationNanos, scheduled, targetRate,
                h.recorder.sentInWindow(), achieved, h.recorder.maxLagNanos(), options.lateThresholdNanos(), unfinished,
                warmupNanos, h.recorder.warmupSent(), m, warnings, h.engine.connectionStats());
    }
}
